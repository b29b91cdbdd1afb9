import { parse as parseDomain } from "tldts";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

// Normalisers turn a raw value into a comparison key or a reason it cannot be one. A value that is
// not clearly valid never becomes a key: a bad value must stay unmatched, never match by accident.

export type Normalized = { ok: true; key: string } | { ok: false; reason: string };

const ok = (key: string): Normalized => ({ ok: true, key });
const no = (reason: string): Normalized => ({ ok: false, reason });

const MAX_INPUT = 2048;
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

function checksum(body15: string): string {
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = body15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += ID_ALPHABET[bits];
  }
  return suffix;
}

/**
 * The canonical 18-character form of a Salesforce ID. A 15-character ID is case-sensitive and only
 * gains its suffix. An 18-character ID's suffix records the case of the first 15, so an ID that
 * arrives lowercased (spreadsheets, some analytics tools) is restored from its own suffix; one
 * whose letters contradict the suffix is refused.
 */
export function normalizeSalesforceId(raw: unknown): Normalized {
  if (typeof raw !== "string") return no("no Salesforce ID");
  const id = raw.trim();
  if (id === "") return no("no Salesforce ID");
  if (!/^[a-zA-Z0-9]+$/.test(id)) return no("a Salesforce ID has only letters and digits");
  if (id.length === 15) return ok(id + checksum(id));
  if (id.length !== 18) return no(`a Salesforce ID has 15 or 18 characters, not ${id.length}`);
  const suffix = id.slice(15).toUpperCase();
  const body = id.slice(0, 15);
  let restored = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = ID_ALPHABET.indexOf(suffix[chunk]!);
    if (bits < 0) return no("the last three characters are not a Salesforce ID checksum");
    for (let i = 0; i < 5; i++) {
      const c = body[chunk * 5 + i]!;
      restored += bits & (1 << i) ? c.toUpperCase() : c.toLowerCase();
    }
  }
  // A digit cannot carry case: if the suffix says "upper" where the body has a digit, it is not an ID.
  if (checksum(restored) !== suffix) return no("the checksum does not fit the ID");
  const sameLetters = restored.toLowerCase() === body.toLowerCase();
  const caseAgrees = body === restored || body === body.toLowerCase() || body === body.toUpperCase();
  if (!sameLetters || !caseAgrees) return no("the ID's letters contradict its checksum");
  return ok(restored + suffix);
}

/** The registrable domain of a website or host (`https://www.Acme.co.uk:8080/x` → `acme.co.uk`). */
export function normalizeDomain(raw: unknown): Normalized {
  if (typeof raw !== "string") return no("no website");
  const text = raw.trim();
  if (text === "") return no("no website");
  if (text.length > MAX_INPUT) return no("the website is too long to be real");
  if (/\s/.test(text)) return no("the website contains spaces");
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return no("the website is not a valid address");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return no(`a ${url.protocol} address is not a website`);
  if (url.username || url.password) return no("the website carries a user name or password");
  const host = url.hostname.replace(/\.+$/, "");
  if (/^\[|^\d+(\.\d+){3}$/.test(host)) return no("an IP address is not a company domain");
  const parsed = parseDomain(host);
  if (!parsed.domain || !parsed.isIcann) return no("the website has no registrable domain");
  return ok(parsed.domain);
}

/** A lowercased email address, without `mailto:`; non-ASCII addresses are refused (look-alikes). */
export function normalizeEmail(raw: unknown): Normalized {
  if (typeof raw !== "string") return no("no email");
  let text = raw.trim();
  if (text === "") return no("no email");
  if (text.length > 254) return no("the email is too long");
  if (/^mailto:/i.test(text)) text = text.slice(7);
  text = text.toLowerCase();
  if (!/^[\x21-\x7e]+$/.test(text)) return no("the email has characters outside plain ASCII");
  const match = /^([^@\s]+)@([a-z0-9-]+(\.[a-z0-9-]+)+)$/.exec(text);
  if (!match || match[1]!.startsWith(".") || match[1]!.endsWith(".")) return no("not an email address");
  return ok(text);
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

/** A phone number in E.164 (`+14155550123`); numbers without a country code use `defaultCountry`. */
// Parsing a phone number is the costliest key of all (libphonenumber: tens of µs each); the worker
// matches the same numbers run after run, so results are remembered, up to a bound.
const PHONE_CACHE_MAX = 500_000;
const phoneCache = new Map<string, Normalized>();

export function normalizePhone(raw: unknown, defaultCountry: CountryCode = "US"): Normalized {
  if (typeof raw !== "string") return no("no phone");
  const text = raw.trim();
  if (text === "") return no("no phone");
  if (text.length > 40) return no("the phone number is too long");
  const cacheKey = `${defaultCountry}:${text}`;
  const cached = phoneCache.get(cacheKey);
  if (cached) return cached;
  const phone = parsePhoneNumberFromString(text, defaultCountry);
  const result = !phone || !phone.isValid() ? no("not a valid phone number") : ok(phone.number);
  if (phoneCache.size >= PHONE_CACHE_MAX) phoneCache.clear();
  phoneCache.set(cacheKey, result);
  return result;
}

/** A name compared trimmed, with single spaces and case-folded; `exact` keeps case and inner spacing. */
export function normalizeName(raw: unknown, exact = false): Normalized {
  if (typeof raw !== "string") return no("no name");
  const trimmed = raw.trim();
  if (trimmed === "") return no("no name");
  if (trimmed.length > 255) return no("the name is too long");
  return ok(exact ? trimmed : trimmed.replace(/\s+/g, " ").toLowerCase());
}

/** Custom field values: strings as trimmed text, whole numbers as their decimal form; nothing else. */
export function normalizeCustomValue(raw: unknown): Normalized {
  if (typeof raw === "number") return Number.isSafeInteger(raw) ? ok(String(raw)) : no("only whole numbers can be matched");
  if (typeof raw !== "string") return no("no value");
  const trimmed = raw.trim();
  if (trimmed === "") return no("no value");
  if (trimmed.length > 255) return no("the value is too long");
  return ok(trimmed);
}

/** Free-mail providers: a domain shared by users there says nothing about their company. */
export const FREE_MAIL_DOMAINS = new Set([
  "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "live.com", "msn.com",
  "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com",
  "proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.ru", "yandex.ru",
  "yandex.com", "qq.com", "163.com", "126.com", "zoho.com", "fastmail.com", "hey.com", "tutanota.com", "mail.com",
]);
