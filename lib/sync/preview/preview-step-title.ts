// A preview's steps as the run page titles them: each says it writes nothing.

export function previewStepTitle(name: string, integration: string): string {
  if (name === "preview.match") return `Match ${integration} to Salesforce in memory (no link stored)`;
  if (name === "preview.push.salesforce") return `Plan the push of ${integration} fields into Salesforce (nothing sent)`;
  if (name === "preview.push.pendo" || name === "preview.push.px") return `Plan the write-back of Salesforce fields to ${integration} (nothing sent)`;
  if (name === "preview.budget") return "Read Salesforce's API allowance and estimate the calls";
  return `${name} (${integration})`;
}
