// A numeric flag read against its row of the knob table (spec/knobs.ts): the range and the error
// line come from the table, so `meshcheck` and the k6 scenarios accept the same values.

import { UsageError } from "./errors.js";
import { inRange, rangeText, type Knob } from "../spec/knobs.js";

/** A row the CLI reads: it names its flag, "COMMAND --flag". */
export type FlagKnob = Knob & { flag: string };

/** The flag's value, its default when not given, or one UsageError line naming the flag and its range. */
export function knobFlag<K extends FlagKnob>(knob: K, raw: string | undefined): K extends { default: number } ? number : number | undefined;
export function knobFlag(knob: FlagKnob, raw: string | undefined): number | undefined {
  if (raw === undefined) return knob.default;
  const n = Number(raw);
  // Number("") and Number(" ") are 0: an empty value is no number.
  if (raw.trim() === "" || !inRange(knob, n)) {
    const [command, flag] = knob.flag.split(" ");
    const where = command === "run" ? "" : `${command}: `;
    throw new UsageError(`${where}${flag} ${raw}: must be ${rangeText(knob)}${knob.hint !== undefined ? ` (${knob.hint})` : ""}`);
  }
  return n;
}
