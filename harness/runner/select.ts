// Which checks a run plans: --check and --feature select; a profile without a section skips
// that section's checks with a reason.

import type { CheckDefinition, Feature, ProfileSection, SectionTarget } from "../check-kit/types.js";
import type { RegisteredCheck } from "../features/registry.js";
import { FEATURES } from "../check-kit/types.js";
import type { TargetProfile } from "../../spec/profile/types.js";
import type { SkippedCheck } from "../report/types.js";
import { UsageError } from "../errors.js";

export interface Selection {
  checks: string[];
  features: string[];
}

export interface PlannedCheck {
  definition: RegisteredCheck;
  target: SectionTarget<ProfileSection>;
  id: string;
}

export function validateSelection(all: readonly CheckDefinition[], sel: Selection): void {
  const ids = all.map((c) => c.id);
  for (const c of sel.checks) {
    const base = c.split("/")[0] ?? c;
    if (!ids.includes(base)) {
      throw new UsageError(`--check ${c}: unknown check (known: ${ids.join(", ")})`);
    }
  }
  for (const f of sel.features) {
    if (!FEATURES.includes(f as Feature)) {
      throw new UsageError(`--feature ${f}: unknown feature (known: ${FEATURES.join(", ")})`);
    }
  }
  // --check and --feature both filter: a check outside every named feature selects nothing,
  // which is a mistake in the flags, not a run that could not test.
  if (sel.features.length === 0) return;
  for (const c of sel.checks) {
    const def = all.find((d) => d.id === (c.split("/")[0] ?? c));
    if (def !== undefined && !sel.features.includes(def.feature)) {
      throw new UsageError(`--check ${c} with --feature ${sel.features.join(", ")}: selects nothing, as ${def.id} is feature ${def.feature} (drop --feature, or add --feature ${def.feature})`);
    }
  }
}

function selected(def: CheckDefinition, targetName: string | undefined, sel: Selection): boolean {
  if (sel.features.length > 0 && !sel.features.includes(def.feature)) return false;
  if (sel.checks.length === 0) return true;
  return sel.checks.some((c) => c === def.id || (targetName !== undefined && c === `${def.id}/${targetName}`));
}

export function planChecks(
  all: readonly RegisteredCheck[],
  profile: TargetProfile,
  sel: Selection,
): { planned: PlannedCheck[]; skipped: SkippedCheck[] } {
  const planned: PlannedCheck[] = [];
  const skipped: SkippedCheck[] = [];
  for (const def of all) {
    if (!selected(def, undefined, sel) && !sel.checks.some((c) => c.startsWith(`${def.id}/`))) continue;
    const targets: readonly SectionTarget<ProfileSection>[] | undefined = profile[def.section];
    if (!targets || targets.length === 0) {
      skipped.push({ check: def.id, feature: def.feature, reason: `the target profile has no "${def.section}" section` });
      continue;
    }
    for (const target of targets) {
      if (selected(def, target.name, sel)) planned.push({ definition: def, target, id: `${def.id}/${target.name}` });
    }
  }
  if (sel.checks.length > 0) {
    for (const c of sel.checks) {
      if (c.includes("/") && !planned.some((p) => p.id === c)) {
        throw new UsageError(`--check ${c}: the target profile has no such target (planned: ${planned.map((p) => p.id).join(", ") || "none"})`);
      }
    }
  }
  planned.sort((a, b) => a.id.localeCompare(b.id));
  skipped.sort((a, b) => a.check.localeCompare(b.check));
  return { planned, skipped };
}
