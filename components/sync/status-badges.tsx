import { Badge } from "@/components/ui/card";
import type { RunStatus, StepStatus } from "@/lib/generated/prisma/enums";

type Tone = "green" | "red" | "amber" | "slate" | "blue";

const RUN_TONE: Record<RunStatus, Tone> = { QUEUED: "slate", RUNNING: "blue", SUCCEEDED: "green", PARTIAL: "amber", FAILED: "red", CANCELLED: "slate" };
const STEP_TONE: Record<StepStatus, Tone> = { PENDING: "slate", RUNNING: "blue", SUCCEEDED: "green", FAILED: "red", SKIPPED: "slate" };
const OUTCOME_TONE: Record<string, Tone> = { failed: "red", rejected: "red", invalid: "amber", skipped: "slate", succeeded: "green" };

const words = (value: string) => value.charAt(0) + value.slice(1).toLowerCase();

export const RunStatusBadge = ({ status }: { status: RunStatus }) => <Badge tone={RUN_TONE[status]}>{words(status)}</Badge>;
export const StepStatusBadge = ({ status }: { status: StepStatus }) => <Badge tone={STEP_TONE[status]}>{words(status)}</Badge>;
export const OutcomeBadge = ({ outcome }: { outcome: string }) => <Badge tone={OUTCOME_TONE[outcome] ?? "slate"}>{outcome}</Badge>;
