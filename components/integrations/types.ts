export interface ConnectOptions {
  salesforce: { emulatorUrl: string | null };
  pendoRegions: { value: string; label: string }[];
  pxDataCenters: { value: string; label: string }[];
}
