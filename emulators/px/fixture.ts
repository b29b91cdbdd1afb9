import { z } from "zod";

/**
 * The Gainsight PX section of a fixture file. Records are stored exactly as the PX REST API
 * returns them (B2/B3/B4 of the spec); objects are "loose" so extra vendor fields round-trip.
 */

const ms = z.number().int().describe("epoch milliseconds");

export const pxLocationSchema = z.looseObject({
  countryName: z.string().optional(),
  countryCode: z.string().optional(),
  stateName: z.string().optional(),
  stateCode: z.string().optional(),
  city: z.string().optional(),
  street: z.string().optional(),
  postalCode: z.string().optional(),
  continent: z.string().optional(),
  regionName: z.string().optional(),
  timeZone: z.string().optional(),
  coordinates: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
});
export type PxLocation = z.infer<typeof pxLocationSchema>;

const customAttributes = z.record(z.string(), z.unknown()).nullable();

export const pxAccountSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  trackedSubscriptionId: z.string().optional(),
  sfdcId: z.string().optional(),
  lastSeenDate: ms.optional(),
  dunsNumber: z.string().optional(),
  industry: z.string().optional(),
  numberOfEmployees: z.number().optional(),
  sicCode: z.string().optional(),
  website: z.string().optional(),
  naicsCode: z.string().optional(),
  plan: z.string().optional(),
  location: pxLocationSchema.nullable().optional(),
  numberOfUsers: z.number().int().optional(),
  propertyKeys: z.array(z.string()),
  createDate: ms.optional(),
  lastModifiedDate: ms.optional(),
  customAttributes: customAttributes.optional(),
  parentGroupId: z.string().optional(),
});
export type PxAccount = z.infer<typeof pxAccountSchema>;

export const pxUserTypes = ["USER", "LEAD", "VISITOR", "EMPTY_USER_TYPE"] as const;

export const pxUserSchema = z.looseObject({
  aptrinsicId: z.string().optional(),
  identifyId: z.string().min(1),
  id: z.string().optional(),
  type: z.enum(pxUserTypes).optional(),
  gender: z.string().optional(),
  email: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  lastSeenDate: ms.optional(),
  signUpDate: ms.optional(),
  firstVisitDate: ms.optional(),
  title: z.string().optional(),
  phone: z.string().optional(),
  score: z.number().optional(),
  role: z.string().optional(),
  subscriptionId: z.string().optional(),
  accountId: z.string().optional(),
  numberOfVisits: z.number().int().optional(),
  location: pxLocationSchema.nullable().optional(),
  propertyKeys: z.array(z.string()),
  createDate: ms.optional(),
  lastModifiedDate: ms.optional(),
  customAttributes: customAttributes.optional(),
  globalUnsubscribe: z.boolean().optional(),
  sfdcContactId: z.string().optional(),
  lastVisitedUserAgentData: z.array(z.record(z.string(), z.unknown())).nullable().optional(),
  lastInferredLocation: pxLocationSchema.nullable().optional(),
});
export type PxUser = z.infer<typeof pxUserSchema>;

export const pxAttributeTypes = ["STRING", "NUMBER", "BOOLEAN", "DATE_TIME"] as const;
export type PxAttributeType = (typeof pxAttributeTypes)[number];

export const pxAttributeSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  apiName: z.string().min(1),
  internalName: z.string().optional(),
  type: z.enum(pxAttributeTypes),
  origin: z.string().optional(),
  state: z.string().optional(),
  description: z.string().optional(),
  defaultValue: z.unknown().optional(),
  createdDate: ms.optional(),
  modifiedDate: ms.optional(),
});
export type PxAttribute = z.infer<typeof pxAttributeSchema>;

const eventBase = {
  eventId: z.string().min(1),
  identifyId: z.string(),
  propertyKey: z.string(),
  date: ms,
  eventType: z.string(),
  sessionId: z.string().optional(),
  userType: z.string().optional(),
  accountId: z.string().optional(),
  globalContext: z.record(z.string(), z.unknown()).optional(),
};
export const pxEventSchema = z.looseObject(eventBase);
export type PxEvent = z.infer<typeof pxEventSchema>;

export const pxSessionEventSchema = z.looseObject({
  ...eventBase,
  remoteHost: z.string().optional(),
  inferredLocation: pxLocationSchema.nullable().optional(),
});
export const pxFeatureMatchEventSchema = z.looseObject({
  ...eventBase,
  featureId: z.string().min(1),
  featureName: z.string().optional(),
});
export const pxCustomEventSchema = z.looseObject({
  ...eventBase,
  eventName: z.string().min(1),
  attributes: z.record(z.string(), z.unknown()).optional(),
  url: z.string().optional(),
  referrer: z.string().optional(),
  remoteHost: z.string().optional(),
});
export const pxSurveyResponseSchema = z.looseObject({
  ...eventBase,
  engagementId: z.string().min(1),
  contentType: z.string().optional(),
  score: z.number().nullable().optional(),
  comment: z.string().nullable().optional(),
  questionType: z.string().optional(),
  executionId: z.string().optional(),
  executionDate: ms.optional(),
});

export type PxSessionEvent = z.infer<typeof pxSessionEventSchema>;
export type PxFeatureMatchEvent = z.infer<typeof pxFeatureMatchEventSchema>;
export type PxCustomEvent = z.infer<typeof pxCustomEventSchema>;
export type PxSurveyResponse = z.infer<typeof pxSurveyResponseSchema>;

/** Fixture key → API path, records key and eventType (spec B4.2). */
export const pxEventKinds = {
  custom: { path: "/v1/events/custom", recordsKey: "customEvents", eventType: "CUSTOM" },
  pageView: { path: "/v1/events/pageView", recordsKey: "results", eventType: "PAGE_VIEW" },
  session: { path: "/v1/events/session", recordsKey: "sessionInitializedEvents", eventType: "SESSION_INITIALIZED" },
  feature_match: { path: "/v1/events/feature_match", recordsKey: "featureMatchEvents", eventType: "FEATURE_MATCH" },
  segment_match: { path: "/v1/events/segment_match", recordsKey: "segmentMatchEvents", eventType: "SEGMENT_MATCH" },
  identify: { path: "/v1/events/identify", recordsKey: "identifyEvents", eventType: "IDENTIFY" },
  email: { path: "/v1/events/email", recordsKey: "results", eventType: "EMAIL" },
  engagementView: { path: "/v1/events/engagementView", recordsKey: "results", eventType: "ENGAGEMENT_VIEW" },
  formSubmit: { path: "/v1/events/formSubmit", recordsKey: "results", eventType: "FORM_SUBMIT" },
  lead: { path: "/v1/events/lead", recordsKey: "results", eventType: "LEAD" },
  survey_response: { path: "/v1/survey/responses", recordsKey: "results", eventType: "SURVEY_RESPONSE" },
} as const;
export type PxEventKind = keyof typeof pxEventKinds;
export const pxEventKindNames = Object.keys(pxEventKinds) as PxEventKind[];

export const pxEventsSchema = z.looseObject({
  session: z.array(pxSessionEventSchema),
  feature_match: z.array(pxFeatureMatchEventSchema),
  custom: z.array(pxCustomEventSchema),
  survey_response: z.array(pxSurveyResponseSchema),
  pageView: z.array(pxEventSchema).optional(),
  segment_match: z.array(pxEventSchema).optional(),
  identify: z.array(pxEventSchema).optional(),
  email: z.array(pxEventSchema).optional(),
  engagementView: z.array(pxEventSchema).optional(),
  formSubmit: z.array(pxEventSchema).optional(),
  lead: z.array(pxEventSchema).optional(),
});
export type PxEvents = z.infer<typeof pxEventsSchema>;

export const pxFeatureSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string().optional(),
  parentFeatureId: z.string().nullable().optional(),
  propertyKey: z.string().optional(),
  status: z.string().optional(),
  featureLabels: z.unknown().optional(),
});
export const pxSegmentSchema = z.looseObject({ id: z.string().min(1), name: z.string() });
export const pxEngagementSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().optional(),
  state: z.string().optional(),
  type: z.string().optional(),
  envs: z.array(z.string()).optional(),
  propertyKeys: z.array(z.string()).optional(),
});
export type PxFeature = z.infer<typeof pxFeatureSchema>;
export type PxSegment = z.infer<typeof pxSegmentSchema>;
export type PxEngagement = z.infer<typeof pxEngagementSchema>;

export const pxFixtureSchema = z.looseObject({
  /** Product tag keys (AP-XXXX-2) that events and records may reference. */
  products: z.array(z.looseObject({ propertyKey: z.string().min(1), name: z.string() })).optional(),
  accounts: z.array(pxAccountSchema),
  users: z.array(pxUserSchema),
  attributes: z.object({ user: z.array(pxAttributeSchema), account: z.array(pxAttributeSchema) }).optional(),
  features: z.array(pxFeatureSchema).optional(),
  segments: z.array(pxSegmentSchema).optional(),
  engagements: z.array(pxEngagementSchema).optional(),
  events: pxEventsSchema,
});
export type PxFixture = z.infer<typeof pxFixtureSchema>;

export const pxRecordArrays = {
  accounts: pxAccountSchema,
  users: pxUserSchema,
  features: pxFeatureSchema,
  segments: pxSegmentSchema,
  engagements: pxEngagementSchema,
  "events.session": pxSessionEventSchema,
  "events.feature_match": pxFeatureMatchEventSchema,
  "events.custom": pxCustomEventSchema,
  "events.survey_response": pxSurveyResponseSchema,
  "events.pageView": pxEventSchema,
  "events.segment_match": pxEventSchema,
  "events.identify": pxEventSchema,
  "events.email": pxEventSchema,
  "events.engagementView": pxEventSchema,
  "events.formSubmit": pxEventSchema,
  "events.lead": pxEventSchema,
} as const;

export function emptyPxFixture(): PxFixture {
  return { accounts: [], users: [], events: { session: [], feature_match: [], custom: [], survey_response: [] } };
}
