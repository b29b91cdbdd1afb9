import type { z } from "zod";
import { findUnstorableText } from "@/lib/http/input-guards";
import { CONFIG_FORMAT, CONFIG_VERSION, configFileSchema, type ConfigFile } from "@/lib/config/config-schema";

/** One reason a file cannot be imported: where in the file (a JSON path, "" for the whole file) and a sentence. */
export interface ConfigProblem {
  path: string;
  message: string;
}

export type ParsedConfig = { ok: true; file: ConfigFile } | { ok: false; problems: ConfigProblem[] };

const EXPORT_AGAIN = "Export the configuration again (Settings › Configuration, or npm run -s cli -- config export) and import that file.";

/** `tools.PX.fieldMappings[2].targetField`: how a person finds the spot in the file. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

export function problemAt(path: string, sentence: string): ConfigProblem {
  return { path, message: path ? `At ${path}: ${sentence}` : sentence };
}

/** A value quoted in a sentence, cut short: a 100,000-character string is not repeated back. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const NOUNS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  null: "null",
};

// zod's own messages ("Invalid input: expected string, received number") are for programmers;
// the schemas' custom messages are already sentences for people and are kept as they are.
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized key|Expected)/;

function issueSentence(issue: z.core.$ZodIssue): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      if (/received undefined/.test(issue.message)) return `This setting is missing; add it (${NOUNS[issue.expected] ?? issue.expected}).`;
      return `This must be ${NOUNS[issue.expected] ?? issue.expected}.`;
    case "unrecognized_keys": {
      const keys = issue.keys.map((k) => quote(k)).join(", ");
      return `${keys} ${issue.keys.length === 1 ? "is not a setting" : "are not settings"} this version of Clearinghouse knows; remove ${issue.keys.length === 1 ? "it" : "them"}.`;
    }
    case "invalid_value":
      return `This must be ${issue.values.map((v) => quote(v)).join(" or ")}.`;
    case "invalid_union":
      // A criterion or a source whose `kind` names nothing this version has.
      return "This is none of the kinds this version of Clearinghouse knows; check its kind.";
    case "too_big":
      return issue.origin === "array" ? `This list holds at most ${String(issue.maximum)} items.` : issue.origin === "string" ? `This text has at most ${String(issue.maximum)} characters.` : `This must be at most ${String(issue.maximum)}.`;
    case "too_small":
      return issue.origin === "array" ? `This list needs at least ${String(issue.minimum)} items.` : issue.origin === "string" ? `This text needs at least ${String(issue.minimum)} characters.` : `This must be at least ${String(issue.minimum)}.`;
    default:
      return "This value is not valid here; compare it with a freshly exported file.";
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads a configuration file, given as its text or as parsed JSON, into a checked ConfigFile, or
 * the reasons it cannot be, each with its JSON path. The format and version are checked first:
 * a file of another kind or version would otherwise be answered with a list of unrelated errors.
 */
export function parseConfigFile(input: unknown): ParsedConfig {
  let value = input;
  if (typeof input === "string") {
    if (input.trim() === "") return { ok: false, problems: [problemAt("", `The file is empty. ${EXPORT_AGAIN}`)] };
    try {
      value = JSON.parse(input);
    } catch (error) {
      const why = error instanceof SyntaxError ? ` (${error.message.slice(0, 120)})` : "";
      return { ok: false, problems: [problemAt("", `The file is not valid JSON${why}. Fix it in an editor, or ${EXPORT_AGAIN.charAt(0).toLowerCase()}${EXPORT_AGAIN.slice(1)}`)] };
    }
  }
  // A string PostgreSQL cannot store (NUL, a lone surrogate) arrives escaped inside the file's text.
  const unstorable = findUnstorableText(value);
  if (unstorable) {
    const path = unstorable === "_" ? "" : jsonPath(unstorable.split(".").map((key) => (/^\d+$/.test(key) ? Number(key) : key)));
    return { ok: false, problems: [problemAt(path, "This holds a NUL or an invalid character that cannot be stored; remove it.")] };
  }

  if (!isObject(value) || value.format !== CONFIG_FORMAT) {
    return { ok: false, problems: [problemAt(isObject(value) ? "format" : "", `This is not a Clearinghouse configuration file: its "format" must be "${CONFIG_FORMAT}". ${EXPORT_AGAIN}`)] };
  }
  if (value.version !== CONFIG_VERSION) {
    return {
      ok: false,
      problems: [
        problemAt("version", `The file is version ${quote(value.version)} of the configuration format, and this Clearinghouse reads version ${CONFIG_VERSION} only. ${EXPORT_AGAIN}`),
      ],
    };
  }
  const parsed = configFileSchema.safeParse(value);
  if (parsed.success) return { ok: true, file: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => problemAt(jsonPath(issue.path), issueSentence(issue))) };
}
