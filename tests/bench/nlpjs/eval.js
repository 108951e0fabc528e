// NLP.js (node-nlp, version pinned in package.json) on a train/test pair of JSON-lines files,
// scored the way `loket nlu-eval` scores (intents/evaluation.cpp). Prints one JSON object on
// stdout; anything NLP.js itself prints goes to stderr.
//
//   node eval.js --train TRAIN.jsonl --test TEST.jsonl --lang LANG
//
// Lines: {"text", "intent"}; "intent": null is out of scope: trained as NLP.js's own 'None'
// intent, and right when NLP.js answers 'None'. Test lines with "not_intent" instead of
// "intent" are right when the answer is anything but that intent. Only "text" and "intent" of a
// training line are read (a FAQ line's "answer" is not), so a FAQ trains on its question alone.
// NLP.js runs with its defaults (threshold 0.5); the model is neither loaded from nor saved to
// disk.
'use strict';

const fs = require('fs');
const util = require('util');

// Keep stdout for the result alone.
console.log = (...args) => process.stderr.write(`${util.format(...args)}\n`);
console.info = console.log;

const { NlpManager } = require('node-nlp');
const nlpVersion = require('node-nlp/package.json').version;

const NONE = 'None';

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (!key.startsWith('--') || i + 1 >= argv.length) throw new Error(`bad argument '${key}'`);
    args[key.slice(2)] = argv[i + 1];
  }
  for (const key of ['train', 'test', 'lang'])
    if (!args[key]) throw new Error(`missing --${key}`);
  return args;
}

function readJsonl(path) {
  return fs
    .readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => [line.trim(), i + 1])
    .filter(([line]) => line.length > 0)
    .map(([line, no]) => {
      let row;
      try {
        row = JSON.parse(line);
      } catch (e) {
        throw new Error(`${path}:${no}: ${e.message}`);
      }
      if (typeof row.text !== 'string') throw new Error(`${path}:${no}: no "text"`);
      return row;
    });
}

const ratio = (right, total) => (total > 0 ? Math.round((right / total) * 10000) / 10000 : null);

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { lang } = args;
  const train = readJsonl(args.train);
  const test = readJsonl(args.test);

  const manager = new NlpManager({
    languages: [lang],
    forceNER: false,
    nlu: { log: false },
    autoSave: false, // else train() writes model.nlp into the working directory
    autoLoad: false,
  });

  const t0 = process.hrtime.bigint();
  for (const row of train) manager.addDocument(lang, row.text, row.intent == null ? NONE : row.intent);
  await manager.train();
  const trainS = Number(process.hrtime.bigint() - t0) / 1e9;

  const predictions = [];
  const t1 = process.hrtime.bigint();
  for (const row of test) {
    const r = await manager.process(lang, row.text);
    const top = (r.classifications || [])
      .filter((c) => c.intent !== NONE)
      .map((c) => c.intent);
    predictions.push({ intent: r.intent === NONE ? null : r.intent, top });
  }
  const classifyS = Number(process.hrtime.bigint() - t1) / 1e9;

  let inScope = 0;
  let inScopeRight = 0;
  let top3Right = 0;
  let oos = 0;
  let oosCaught = 0;
  let declined = 0;
  let declinedRight = 0;
  let notIntent = 0;
  let notIntentRight = 0;
  test.forEach((row, i) => {
    const p = predictions[i];
    if (row.not_intent != null) {
      notIntent += 1;
      if (p.intent !== row.not_intent) notIntentRight += 1;
      return;
    }
    if (p.intent == null) {
      declined += 1;
      if (row.intent == null) declinedRight += 1;
    }
    if (row.intent != null) {
      inScope += 1;
      if (p.intent === row.intent) inScopeRight += 1;
      if (p.top.slice(0, 3).includes(row.intent)) top3Right += 1;
    } else {
      oos += 1;
      if (p.intent == null) oosCaught += 1;
    }
  });

  const result = {
    n: test.length,
    in_scope_accuracy: ratio(inScopeRight, inScope),
    oos_recall: ratio(oosCaught, oos),
    oos_precision: oos > 0 ? ratio(declinedRight, declined) : null,
    top3_accuracy: ratio(top3Right, inScope),
    not_intent_accuracy: ratio(notIntentRight, notIntent),
    train_s: Math.round(trainS * 10000) / 10000,
    classify_per_s: classifyS > 0 ? Math.round(test.length / classifyS) : null,
    threshold: manager.nlp.settings.threshold,
    lang,
    version: nlpVersion,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  process.stderr.write(`nlpjs eval: ${e.stack || e}\n`);
  process.exit(1);
});
