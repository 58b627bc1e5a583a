// A strict parser of the Prometheus text exposition format 0.0.4: it throws on anything a
// Prometheus server would reject or silently misread (bad names or escapes, a sample before its
// TYPE, a family split in two, duplicate series, histograms without +Inf or with falling buckets).
// Returns Map(family name -> {type, help, samples: [{name, labels, value}]}).
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

function parseValue(text, where) {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: bad value '${text}'`);
  return Number(text);
}

function parseLabels(text, where) {
  const labels = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf("=", i);
    if (eq < 0) throw new Error(`${where}: label without '='`);
    const name = text.slice(i, eq);
    if (!LABEL_NAME.test(name) || name.startsWith("__")) throw new Error(`${where}: bad label name '${name}'`);
    if (text[eq + 1] !== '"') throw new Error(`${where}: label value must be quoted`);
    let value = "";
    let j = eq + 2;
    for (;;) {
      if (j >= text.length) throw new Error(`${where}: unterminated label value`);
      const c = text[j];
      if (c === "\\") {
        const n = text[j + 1];
        if (n === "\\") value += "\\";
        else if (n === '"') value += '"';
        else if (n === "n") value += "\n";
        else throw new Error(`${where}: bad escape '\\${n}'`);
        j += 2;
      } else if (c === '"') {
        j += 1;
        break;
      } else {
        value += c;
        j += 1;
      }
    }
    if (name in labels) throw new Error(`${where}: label '${name}' twice`);
    labels[name] = value;
    if (j === text.length) break;
    if (text[j] !== ",") throw new Error(`${where}: expected ',' between labels`);
    i = j + 1;
  }
  return labels;
}

function familyOf(sampleName, families) {
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (sampleName.endsWith(suffix)) {
      const base = sampleName.slice(0, -suffix.length);
      if (families.get(base)?.type === "histogram" || families.get(base)?.type === "summary") return base;
    }
  }
  return sampleName;
}

export function parsePrometheus(text) {
  if (!text.endsWith("\n")) throw new Error("exposition must end with a newline");
  const families = new Map();
  const finished = new Set();
  const seen = new Set();
  let current = null;
  const lines = text.slice(0, -1).split("\n");
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (line === "") return;
    if (line.startsWith("#")) {
      const m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
      if (!m) return;  // a plain comment
      const [, kind, name, rest] = m;
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name '${name}'`);
      if (finished.has(name)) throw new Error(`${where}: family ${name} appears twice`);
      if (current && current !== name) finished.add(current);
      current = name;
      const family = families.get(name) ?? { type: "untyped", help: null, samples: [], typed: false };
      if (kind === "TYPE") {
        if (family.typed) throw new Error(`${where}: second TYPE for ${name}`);
        if (family.samples.length) throw new Error(`${where}: TYPE after samples of ${name}`);
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown type '${rest}'`);
        family.type = rest;
        family.typed = true;
      } else {
        if (family.help !== null) throw new Error(`${where}: second HELP for ${name}`);
        family.help = rest;
      }
      families.set(name, family);
      return;
    }
    const m = /^([^{\s]+)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!m) throw new Error(`${where}: not a sample: '${line}'`);
    const [, name, labelText, valueText] = m;
    if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name '${name}'`);
    const labels = labelText ? parseLabels(labelText, where) : {};
    const value = parseValue(valueText, where);
    const familyName = familyOf(name, families);
    if (finished.has(familyName)) throw new Error(`${where}: family ${familyName} is split`);
    if (current && current !== familyName) finished.add(current);
    current = familyName;
    const family = families.get(familyName) ?? { type: "untyped", help: null, samples: [], typed: false };
    families.set(familyName, family);
    if (family.type === "counter" && !(value >= 0)) throw new Error(`${where}: negative counter`);
    if (family.type === "histogram" && name.endsWith("_bucket") && !("le" in labels))
      throw new Error(`${where}: bucket without le`);
    const key = name + JSON.stringify(Object.entries(labels).sort());
    if (seen.has(key)) throw new Error(`${where}: duplicate series ${key}`);
    seen.add(key);
    family.samples.push({ name, labels, value });
  });
  for (const [name, family] of families) {
    if (family.type !== "histogram") continue;
    const series = new Map();
    for (const s of family.samples) {
      const { le, ...rest } = s.labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      const h = series.get(key) ?? { buckets: [], sum: null, count: null };
      series.set(key, h);
      if (s.name === `${name}_bucket`) h.buckets.push([parseValue(le, `${name} le`), s.value]);
      else if (s.name === `${name}_sum`) h.sum = s.value;
      else if (s.name === `${name}_count`) h.count = s.value;
      else throw new Error(`${name}: unexpected sample ${s.name}`);
    }
    for (const [key, h] of series) {
      const inf = h.buckets.find(([le]) => le === Infinity);
      if (!inf) throw new Error(`${name}${key}: no +Inf bucket`);
      if (h.sum === null || h.count === null) throw new Error(`${name}${key}: _sum or _count missing`);
      if (inf[1] !== h.count) throw new Error(`${name}${key}: +Inf bucket ${inf[1]} != count ${h.count}`);
      const sorted = [...h.buckets].sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < sorted.length; i++)
        if (sorted[i][1] < sorted[i - 1][1]) throw new Error(`${name}${key}: buckets are not cumulative`);
    }
  }
  return families;
}

// The value of one series, or undefined.
export function sampleValue(families, name, labels = {}) {
  for (const family of families.values())
    for (const s of family.samples)
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v) &&
          Object.keys(s.labels).length === Object.keys(labels).length) return s.value;
  return undefined;
}
