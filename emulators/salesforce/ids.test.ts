import { describe, expect, it } from "vitest";
import { checksumSuffix, encodeBase62, IdGenerator, normalizeId, to18 } from "./ids";

describe("18-character ID checksum", () => {
  it.each([
    ["001D000000IRFma", "001D000000IRFmaIAH"],
    ["001xx000003DGb2", "001xx000003DGb2AAG"],
    ["003D000000QV9n2", "003D000000QV9n2IAD"],
    ["001RM000003oLnn", "001RM000003oLnnYAE"],
    ["00558000001N0Ke", "00558000001N0KeAAK"],
  ])("%s → %s (published vectors)", (id15, id18) => {
    expect(to18(id15)).toBe(id18);
    expect(checksumSuffix(id15)).toBe(id18.slice(15));
  });

  it("uses A for an all-lowercase chunk and 5 for an all-uppercase one", () => {
    expect(checksumSuffix("aaaaaaaaaaaaaaa")).toBe("AAA");
    expect(checksumSuffix("AAAAAAAAAAAAAAA")).toBe("555");
  });

  it("normalises 15- and 18-character input and rejects bad checksums", () => {
    expect(normalizeId("001D000000IRFma")).toBe("001D000000IRFmaIAH");
    expect(normalizeId("001D000000IRFmaIAH")).toBe("001D000000IRFmaIAH");
    expect(normalizeId("001D000000IRFmaiah")).toBe("001D000000IRFmaIAH");
    expect(normalizeId("001d000000irfmaIAH")).toBeUndefined();
    expect(normalizeId("001D000000IRFmaAAA")).toBeUndefined();
    expect(normalizeId("not-an-id")).toBeUndefined();
    expect(normalizeId("001D000000IRF")).toBeUndefined();
  });
});

describe("IdGenerator", () => {
  it("is deterministic for a seed, uses the key prefix, and sorts in creation order", () => {
    const a = new IdGenerator(7);
    const b = new IdGenerator(7);
    const ids = [a.next("001"), a.next("003"), a.next("001")];
    expect([b.next("001"), b.next("003"), b.next("001")]).toEqual(ids);
    expect(ids.map((id) => id.slice(0, 3))).toEqual(["001", "003", "001"]);
    for (const id of ids) {
      expect(id).toHaveLength(18);
      expect(normalizeId(id)).toBe(id);
    }
    const many = Array.from({ length: 500 }, () => a.next("001"));
    expect([...many].sort()).toEqual(many);
    expect(new IdGenerator(8).next("001")).not.toBe(new IdGenerator(7).next("001"));
  });

  it("skips IDs that are already taken", () => {
    const first = new IdGenerator(3).next("001");
    const gen = new IdGenerator(3, (id) => id === first);
    expect(gen.next("001")).not.toBe(first);
  });

  it("encodes base-62 with a fixed width", () => {
    expect(encodeBase62(0, 3)).toBe("000");
    expect(encodeBase62(61, 2)).toBe("0z");
    expect(encodeBase62(62, 2)).toBe("10");
    expect(() => encodeBase62(62 ** 3, 3)).toThrow(/does not fit/);
  });
});
