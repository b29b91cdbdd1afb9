import type { Integration, IntegrationSystem } from "@/lib/generated/prisma/client";

// What the browser learns about an integration: never secrets, never tokens.
export type CardStatus = "CONNECTED" | "RECONNECT_NEEDED" | "ERROR" | "DISABLED" | "NOT_CONNECTED";

export interface IntegrationCardView {
  id: string | null;
  system: IntegrationSystem;
  title: string;
  status: CardStatus;
  statusMessage: string | null;
  environment: string | null;
  environmentLabel: string | null;
  baseUrl: string | null;
  instanceUrl: string | null;
  orgName: string | null;
  externalOrgId: string | null;
  connectedUser: string | null;
  isSandbox: boolean;
  canWrite: boolean;
  api: { used: number; max: number; at: string | null } | null;
  connectedAt: string | null;
  lastCheckedAt: string | null;
  describedObjects: number;
  openAlerts: { id: string; level: string; message: string; createdAt: string }[];
}

export const SYSTEM_TITLES: Record<IntegrationSystem, string> = {
  SALESFORCE: "Salesforce",
  PENDO: "Pendo",
  PX: "Gainsight PX",
};

const ENVIRONMENT_LABELS: Record<string, string> = {
  production: "Production",
  sandbox: "Sandbox",
  custom: "My Domain",
  emulator: "Local emulator",
};

export function environmentLabel(environment: string | null): string | null {
  if (!environment) return null;
  return ENVIRONMENT_LABELS[environment] ?? environment.toUpperCase();
}

export function emptyCard(system: IntegrationSystem): IntegrationCardView {
  return {
    id: null,
    system,
    title: SYSTEM_TITLES[system],
    status: "NOT_CONNECTED",
    statusMessage: null,
    environment: null,
    environmentLabel: null,
    baseUrl: null,
    instanceUrl: null,
    orgName: null,
    externalOrgId: null,
    connectedUser: null,
    isSandbox: false,
    canWrite: false,
    api: null,
    connectedAt: null,
    lastCheckedAt: null,
    describedObjects: 0,
    openAlerts: [],
  };
}

export function toCardView(
  i: Integration,
  extra: { describedObjects: number; openAlerts: { id: string; level: string; message: string; createdAt: Date }[] },
): IntegrationCardView {
  return {
    id: i.id,
    system: i.system,
    title: SYSTEM_TITLES[i.system],
    status: i.status,
    statusMessage: i.statusMessage,
    environment: i.environment,
    environmentLabel: environmentLabel(i.environment),
    baseUrl: i.baseUrl,
    instanceUrl: i.instanceUrl,
    orgName: i.orgName,
    externalOrgId: i.externalOrgId,
    connectedUser: i.connectedUser,
    isSandbox: i.isSandbox,
    canWrite: i.canWrite,
    api: i.apiMax ? { used: i.apiUsed ?? 0, max: i.apiMax, at: i.apiUsageAt?.toISOString() ?? null } : null,
    connectedAt: i.connectedAt?.toISOString() ?? null,
    lastCheckedAt: i.lastCheckedAt?.toISOString() ?? null,
    describedObjects: extra.describedObjects,
    openAlerts: extra.openAlerts.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
  };
}
