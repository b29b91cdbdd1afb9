// Test-only control API under /__emulator/ (the product never calls it). Every input is
// zod-validated; bad input gets Salesforce's error-array shape, never a stack trace.

import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { formatFaultSpec, parseFaultSpec } from "../shared/faults";
import { formatDateTime, parseDateTime } from "./clock";
import { mergeRecords } from "./dml";
import { DmlError, describeIssues, SfApiError } from "./errors";
import { exportSalesforceState, FixtureError, loadSalesforceFixture, parseSalesforceFixture } from "./fixture";
import { normalizeId } from "./ids";
import type { EmulatorState } from "./state";
import { validationRuleSchema } from "./validation-rules";

const JSON_TYPE = "application/json;charset=UTF-8";

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header("content-type", JSON_TYPE).send(JSON.stringify(body));
}

function invalid(message: string): SfApiError {
  return new SfApiError(400, "INVALID_INPUT", message);
}

function bodyOf(req: FastifyRequest): unknown {
  const text = typeof req.body === "string" ? req.body.trim() : "";
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SfApiError(400, "JSON_PARSER_ERROR", `Request body is not valid JSON: ${(err as Error).message}`);
  }
}

function parse<T>(req: FastifyRequest, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(bodyOf(req));
  if (!parsed.success) throw invalid(describeIssues(parsed.error.issues));
  return parsed.data;
}

const isoDateTime = z.string().refine((s) => parseDateTime(s) !== undefined, "must be an ISO-8601 date-time");

const clockSchema = z
  .strictObject({
    now: isoDateTime.optional(),
    advanceSeconds: z.number().finite().optional(),
    frozen: z.boolean().optional(),
  })
  .refine((b) => !(b.now !== undefined && b.advanceSeconds !== undefined), "give either now or advanceSeconds, not both");

const faultsSchema = z.strictObject({ spec: z.string() });
const limitsSchema = z
  .strictObject({ remaining: z.number().int().min(0).optional(), max: z.number().int().positive().optional() })
  .refine((b) => b.remaining !== undefined || b.max !== undefined, "give remaining and/or max");
const mergeSchema = z.strictObject({ masterId: z.string().min(15), mergedId: z.string().min(15) });
const settingsSchema = z.strictObject({
  queryPageSize: z.number().int().positive().nullable().optional(),
  bulkQueryPageSize: z.number().int().positive().optional(),
  bulkProcessingDelayMs: z.number().int().min(0).max(60_000).optional(),
});
const resetSchema = z.strictObject({ tokens: z.boolean().optional() });

function usageBody(state: EmulatorState): Record<string, number> {
  return { used: state.usage.getUsed(), max: state.usage.max, remaining: state.usage.remaining() };
}

export interface AdminHooks {
  /** the fault spec given at start, restored by reset */
  initialFaults: string;
  /** the dailyApiRequests option given at start, restored by reset */
  initialDailyApiRequests?: number;
}

export function registerAdminRoutes(app: FastifyInstance, state: EmulatorState, hooks: AdminHooks): void {
  const handle =
    (fn: (req: FastifyRequest) => unknown) =>
    async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      try {
        return send(reply, 200, await fn(req));
      } catch (err) {
        if (err instanceof SfApiError) return send(reply, err.status, err.body());
        if (err instanceof FixtureError) return send(reply, 400, [{ errorCode: "INVALID_INPUT", message: err.message, problems: err.problems.slice(0, 100) }]);
        throw err;
      }
    };

  app.get("/__emulator/health", handle(() => ({ ok: true, url: state.baseUrl, orgId: state.org.info.id })));

  app.post(
    "/__emulator/reset",
    handle((req) => {
      const body = parse(req, resetSchema);
      loadSalesforceFixture(state.org, state.initialFixture, { dailyApiRequests: hooks.initialDailyApiRequests });
      if (hooks.initialDailyApiRequests !== undefined) state.org.info.dailyApiRequests = hooks.initialDailyApiRequests;
      state.cursors.clear();
      state.bulk.clear();
      state.counters.clear();
      state.usage.reset();
      state.faults.setRules(parseFaultSpec(hooks.initialFaults));
      state.org.validationRules.clear();
      if (body.tokens) state.tokens.clear();
      state.markDirty();
      return { ok: true };
    }),
  );

  app.post(
    "/__emulator/fixture",
    handle((req) => {
      const fixture = parseSalesforceFixture(bodyOf(req));
      loadSalesforceFixture(state.org, fixture, { dailyApiRequests: state.usage.max });
      state.cursors.clear();
      state.markDirty();
      const counts: Record<string, number> = {};
      for (const meta of state.org.registry.objects) counts[meta.name] = state.org.store.table(meta).byId.size;
      return { ok: true, counts };
    }),
  );

  app.get("/__emulator/fixture", async (_req, reply) => send(reply, 200, exportSalesforceState(state.org)));

  app.get("/__emulator/faults", handle(() => ({ spec: formatFaultSpec(state.faults.getRules()), rules: state.faults.getRules() })));
  app.post(
    "/__emulator/faults",
    handle((req) => {
      const { spec } = parse(req, faultsSchema);
      let rules;
      try {
        rules = parseFaultSpec(spec);
      } catch (err) {
        throw invalid((err as Error).message);
      }
      state.faults.setRules(rules);
      return { spec: formatFaultSpec(rules), rules };
    }),
  );

  app.get("/__emulator/clock", handle(() => ({ now: formatDateTime(state.clock.now()), frozen: state.clock.isFrozen() })));
  app.post(
    "/__emulator/clock",
    handle((req) => {
      const body = parse(req, clockSchema);
      if (body.now !== undefined) state.clock.set(body.now);
      if (body.advanceSeconds !== undefined) state.clock.advance(body.advanceSeconds);
      if (body.frozen !== undefined) state.clock.setFrozen(body.frozen);
      return { now: formatDateTime(state.clock.now()), frozen: state.clock.isFrozen() };
    }),
  );

  app.get(
    "/__emulator/counters",
    handle(() => ({
      requests: Object.fromEntries([...state.counters.requests].sort(([a], [b]) => a.localeCompare(b))),
      faults: Object.fromEntries(state.counters.faults),
      apiUsage: usageBody(state),
    })),
  );
  app.post(
    "/__emulator/counters/reset",
    handle(() => {
      state.counters.clear();
      return { ok: true };
    }),
  );

  // A few chosen records refused as a validation rule would refuse them; DELETE is "fix the cause".
  app.get("/__emulator/validation-rules", handle(() => ({ rules: state.org.validationRules.list() })));
  app.post(
    "/__emulator/validation-rules",
    handle((req) => {
      const { rules } = parse(req, z.strictObject({ rules: z.array(validationRuleSchema).max(100) }));
      state.org.validationRules.set(rules);
      return { rules: state.org.validationRules.list() };
    }),
  );
  app.delete(
    "/__emulator/validation-rules",
    handle(() => {
      state.org.validationRules.clear();
      return { rules: [] };
    }),
  );

  app.get(
    "/__emulator/field-writes",
    handle(() => ({ writes: Object.fromEntries(state.org.fieldWrites) })),
  );
  app.delete(
    "/__emulator/field-writes",
    handle(() => {
      state.org.fieldWrites.clear();
      return { ok: true };
    }),
  );

  app.post("/__emulator/expire-tokens", handle(() => ({ expired: state.tokens.expireAllAccessTokens() })));

  app.post(
    "/__emulator/limits",
    handle((req) => {
      const body = parse(req, limitsSchema);
      if (body.max !== undefined) state.usage.setMax(body.max);
      if (body.remaining !== undefined) state.usage.setRemaining(Math.min(body.remaining, state.usage.max));
      state.markDirty();
      return usageBody(state);
    }),
  );

  app.post(
    "/__emulator/merge",
    handle((req) => {
      const body = parse(req, mergeSchema);
      const masterId = normalizeId(body.masterId);
      const mergedId = normalizeId(body.mergedId);
      if (!masterId || !mergedId) throw invalid("masterId and mergedId must be Salesforce IDs");
      const tx = state.org.beginTx();
      try {
        mergeRecords({ org: state.org, tx, userId: state.org.defaultUserId, source: "json" }, masterId, mergedId);
      } catch (err) {
        tx.rollback();
        if (err instanceof DmlError) throw new SfApiError(400, err.statusCode, err.message);
        throw err;
      }
      state.markDirty();
      return { masterId, mergedId };
    }),
  );

  app.post(
    "/__emulator/settings",
    handle((req) => {
      const body = parse(req, settingsSchema);
      if (body.queryPageSize !== undefined) state.settings.queryPageSize = body.queryPageSize ?? undefined;
      if (body.bulkQueryPageSize !== undefined) state.settings.bulkQueryPageSize = body.bulkQueryPageSize;
      if (body.bulkProcessingDelayMs !== undefined) state.settings.bulkProcessingDelayMs = body.bulkProcessingDelayMs;
      return state.settings;
    }),
  );
}
