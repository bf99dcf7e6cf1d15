// The words a check and a run end in. The lowest layer that needs them: checks return a
// CheckStatus, the report and every rendering of it read both.

export type CheckStatus = "pass" | "fail" | "inconclusive" | "error";

export type RunVerdict = "pass" | "fail" | "could-not-test";
