import { z } from "zod";

/**
 * The Pendo section of a fixture file. Every record is stored exactly as the Pendo API returns
 * it (aggregation rows, REST objects); objects are "loose" so extra vendor fields round-trip.
 */

const int = z.number().int();
const ms = z.number().int().describe("epoch milliseconds");
const metadataGroup = z.record(z.string(), z.unknown());

export const pendoMetadataFieldTypes = ["string", "boolean", "integer", "float", "time", "list", ""] as const;

export const pendoMetadataFieldSchema = z.looseObject({
  Type: z.enum(pendoMetadataFieldTypes),
  DisplayName: z.string(),
  ElementType: z.string().optional(),
  ElementFormat: z.string().optional(),
  Dirty: z.boolean().optional(),
  isHidden: z.boolean().optional(),
  isDeleted: z.boolean().optional(),
  isCalculated: z.boolean().optional(),
  isPerApp: z.boolean().optional(),
  neverIndex: z.boolean().optional(),
});
export type PendoMetadataField = z.infer<typeof pendoMetadataFieldSchema>;

/** group (agent, auto, custom, salesforce, ...) → field name (lower-case) → definition */
export const pendoMetadataSchemaSchema = z.record(z.string(), z.record(z.string(), pendoMetadataFieldSchema));
export type PendoMetadataSchema = z.infer<typeof pendoMetadataSchemaSchema>;

export const pendoAccountSchema = z.looseObject({
  accountId: z.string().min(1),
  id: z.string().optional(),
  metadata: z.looseObject({
    auto: z
      .looseObject({
        id: z.string().optional(),
        idhash: z.number().optional(),
        firstvisit: ms.optional(),
        lastvisit: ms.optional(),
        lastupdated: ms.optional(),
      })
      .optional(),
    agent: metadataGroup.optional(),
    custom: metadataGroup.optional(),
  }),
});
export type PendoAccount = z.infer<typeof pendoAccountSchema>;

export const pendoVisitorSchema = z.looseObject({
  visitorId: z.string().min(1),
  id: z.string().optional(),
  metadata: z.looseObject({
    auto: z
      .looseObject({
        id: z.string().optional(),
        accountid: z.string().optional(),
        accountids: z.array(z.string()).optional(),
        firstvisit: ms.optional(),
        lastvisit: ms.optional(),
        lastupdated: ms.optional(),
      })
      .optional(),
    agent: metadataGroup.optional(),
    custom: metadataGroup.optional(),
  }),
});
export type PendoVisitor = z.infer<typeof pendoVisitorSchema>;

const userRef = z.looseObject({ id: z.string(), username: z.string().optional() });

const taggedObject = {
  id: z.string().min(1),
  appId: int,
  name: z.string(),
  kind: z.string().optional(),
  color: z.string().optional(),
  createdAt: ms.optional(),
  lastUpdatedAt: ms.optional(),
  createdByUser: userRef.optional(),
  lastUpdatedByUser: userRef.optional(),
};

export const pendoFeatureSchema = z.looseObject({ ...taggedObject, pageId: z.string().optional() });
export type PendoFeature = z.infer<typeof pendoFeatureSchema>;
export const pendoPageSchema = z.looseObject({ ...taggedObject });
export type PendoPage = z.infer<typeof pendoPageSchema>;
export const pendoTrackTypeSchema = z.looseObject({ ...taggedObject, trackTypeName: z.string().optional() });
export type PendoTrackType = z.infer<typeof pendoTrackTypeSchema>;

export const pendoPollSchema = z.looseObject({
  id: z.string().min(1),
  question: z.string().optional(),
  numericResponses: z.array(z.number()).optional(),
  attributes: z.looseObject({ type: z.string().optional() }).optional(),
});
export const pendoGuideSchema = z.looseObject({
  ...taggedObject,
  state: z.string(),
  steps: z.array(z.looseObject({ id: z.string(), guideId: z.string().optional(), pollIds: z.array(z.string()).optional() })).optional(),
  polls: z.array(pendoPollSchema).optional(),
});
export type PendoGuide = z.infer<typeof pendoGuideSchema>;

export const pendoReportSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  kind: z.string().optional(),
  type: z.string().optional(),
  level: z.string().optional(),
  definition: z
    .looseObject({
      /** Emulator extension: the aggregation pipeline whose output is the report's results. */
      pipeline: z.array(z.record(z.string(), z.unknown())).optional(),
    })
    .optional(),
});
export type PendoReport = z.infer<typeof pendoReportSchema>;

const eventRowBase = {
  visitorId: z.string(),
  accountId: z.string(),
  appId: int,
  day: ms,
  hour: ms.optional(),
  numEvents: int.nonnegative(),
  numMinutes: int.nonnegative(),
  server: z.string().optional(),
  remoteIp: z.string().optional(),
  userAgent: z.string().optional(),
  parameters: z.unknown().optional(),
};
export const pendoEventRowSchema = z.looseObject(eventRowBase);
export type PendoEventRow = z.infer<typeof pendoEventRowSchema>;
export const pendoFeatureEventRowSchema = z.looseObject({ ...eventRowBase, featureId: z.string().min(1) });
export type PendoFeatureEventRow = z.infer<typeof pendoFeatureEventRowSchema>;
export const pendoPageEventRowSchema = z.looseObject({ ...eventRowBase, pageId: z.string().min(1) });
export type PendoPageEventRow = z.infer<typeof pendoPageEventRowSchema>;
export const pendoTrackEventRowSchema = z.looseObject({
  ...eventRowBase,
  trackTypeId: z.string().min(1),
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type PendoTrackEventRow = z.infer<typeof pendoTrackEventRowSchema>;

export const pendoPollEventSchema = z.looseObject({
  type: z.string(),
  visitorId: z.string(),
  accountId: z.string(),
  appId: int,
  guideId: z.string(),
  pollId: z.string(),
  pollType: z.string().optional(),
  pollResponse: z.union([z.number(), z.string()]),
  browserTime: ms,
});
export type PendoPollEvent = z.infer<typeof pendoPollEventSchema>;

export const pendoGuideEventSchema = z.looseObject({
  type: z.string(),
  visitorId: z.string(),
  accountId: z.string(),
  appId: int,
  guideId: z.string(),
  guideStepId: z.string().optional(),
  browserTime: ms,
});
export type PendoGuideEvent = z.infer<typeof pendoGuideEventSchema>;

export const pendoSegmentSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  /** Emulator extension: segment membership, since segment rules are not evaluated. */
  visitorIds: z.array(z.string()).optional(),
});

export const pendoFixtureSchema = z.looseObject({
  subscription: z
    .looseObject({
      id: z.number().optional(),
      name: z.string().optional(),
      /** IANA zone that day/week/month buckets align to. Default America/New_York. */
      timezone: z.string().optional(),
      /** Shared secret for POST /data/track. Default demo-pendo-track-secret. */
      trackEventSecret: z.string().optional(),
    })
    .optional(),
  apps: z.array(z.looseObject({ id: int, name: z.string(), platform: z.string().optional() })).optional(),
  metadataSchema: z.object({ account: pendoMetadataSchemaSchema, visitor: pendoMetadataSchemaSchema }),
  accounts: z.array(pendoAccountSchema),
  visitors: z.array(pendoVisitorSchema),
  features: z.array(pendoFeatureSchema),
  pages: z.array(pendoPageSchema).optional(),
  guides: z.array(pendoGuideSchema).optional(),
  trackTypes: z.array(pendoTrackTypeSchema).optional(),
  segments: z.array(pendoSegmentSchema).optional(),
  reports: z.array(pendoReportSchema).optional(),
  /** Emulator extension: static results for reports that carry no definition.pipeline. */
  reportResults: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).optional(),
  events: z.array(pendoEventRowSchema),
  featureEvents: z.array(pendoFeatureEventRowSchema),
  pageEvents: z.array(pendoPageEventRowSchema).optional(),
  trackEvents: z.array(pendoTrackEventRowSchema).optional(),
  guideEvents: z.array(pendoGuideEventSchema).optional(),
  pollEvents: z.array(pendoPollEventSchema),
});
export type PendoFixture = z.infer<typeof pendoFixtureSchema>;

/** Arrays whose elements are validated one by one for big fixtures (path inside the section). */
export const pendoRecordArrays = {
  accounts: pendoAccountSchema,
  visitors: pendoVisitorSchema,
  features: pendoFeatureSchema,
  pages: pendoPageSchema,
  guides: pendoGuideSchema,
  trackTypes: pendoTrackTypeSchema,
  reports: pendoReportSchema,
  events: pendoEventRowSchema,
  featureEvents: pendoFeatureEventRowSchema,
  pageEvents: pendoPageEventRowSchema,
  trackEvents: pendoTrackEventRowSchema,
  guideEvents: pendoGuideEventSchema,
  pollEvents: pendoPollEventSchema,
} as const;

export function emptyPendoFixture(): PendoFixture {
  return {
    metadataSchema: { account: {}, visitor: {} },
    accounts: [],
    visitors: [],
    features: [],
    events: [],
    featureEvents: [],
    pollEvents: [],
  };
}
