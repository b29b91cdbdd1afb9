// npm 11 leaves other platforms' optional native packages (Next's SWC, Tailwind's oxide, the
// resolver bindings...) out of package-lock.json when the registry it reaches does not serve them
// (as on our build machines), and `npm ci` then refuses the lock as out of sync. This adds a
// record for each: full (integrity, os, cpu) when the registry knows the package, else a bare
// optional record, which npm skips on this platform and resolves where it is needed.
// Run after changing dependencies: node scripts/maintenance/complete-lockfile.mjs
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const lockPath = new URL("../../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const packages = lock.packages;
let added = 0;

for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ""}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    let info = null;
    try {
      info = JSON.parse(
        execFileSync("npm", ["view", `${name}@${version}`, "--json", "version", "dist.integrity", "os", "cpu", "libc", "engines", "license"], {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
        }),
      );
    } catch {
      // not served by this registry
    }
    const record = info ? { version: info.version, integrity: info["dist.integrity"] } : { version };
    for (const key of ["cpu", "os", "libc", "license", "engines"]) if (info?.[key]) record[key] = info[key];
    if (entry.dev) record.dev = true;
    record.optional = true;
    packages[`node_modules/${name}`] = record;
    added++;
  }
}

lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform package records`);
