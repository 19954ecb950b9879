/**
 * A recorded /metrics text whose counters grow: every counter and histogram sample (buckets, _sum,
 * _count) is multiplied by `factor`, gauges stay as recorded. Multiplying keeps each histogram
 * consistent (its buckets stay cumulative) and makes every non-zero counter increase from one
 * scrape to the next, so rate() over two scrapes is positive.
 */
const GROWING_TYPES = new Set(["counter", "histogram"]);
const HISTOGRAM_SUFFIXES = ["_bucket", "_sum", "_count"];

export function growingSample(text: string, factor: number): string {
  const types = new Map<string, string>();
  return text
    .split("\n")
    .map((line) => {
      const type = /^# TYPE (\S+) (\S+)/.exec(line);
      if (type) {
        types.set(type[1], type[2]);
        return line;
      }
      if (line === "" || line.startsWith("#")) return line;
      const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
      if (!sample) throw new Error(`not a sample line of the text format: ${line}`);
      const [, name, labels = "", value] = sample;
      if (!GROWING_TYPES.has(familyType(types, name))) return line;
      return `${name}${labels} ${Number(value) * factor}`;
    })
    .join("\n");
}

function familyType(types: ReadonlyMap<string, string>, name: string): string {
  const direct = types.get(name);
  if (direct) return direct;
  for (const suffix of HISTOGRAM_SUFFIXES) {
    if (name.endsWith(suffix)) {
      const family = types.get(name.slice(0, -suffix.length));
      if (family === "histogram") return family;
    }
  }
  return "untyped";
}
