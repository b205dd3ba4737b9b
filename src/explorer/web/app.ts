import { UsageError } from '../../model/errors.ts';
import type { ProtocolDefinition } from '../../model/protocol.ts';
import { loadProtocol, protocolNames } from '../../registry.ts';
import type { ClusterModel } from '../../system/cluster.ts';
import { canonical } from '../../system/canonical.ts';
import { describeMessage } from '../../system/message.ts';
import { deliverable } from '../../system/network.ts';
import { flattenValue } from '../../system/view.ts';
import { fromItf, toItf } from '../../trace/itf.ts';
import { sequenceOf } from '../../diagram/sequence.ts';
import { sequenceToSvg } from '../../diagram/svg-sequence.ts';
import { readStatechart } from '../../diagram/statechart.ts';
import { statechartToDot } from '../../diagram/dot-statechart.ts';
import { dotToSvg } from '../../diagram/svg.ts';
import type { CheckReply, CheckRequest } from '../messages.ts';
import { brokenAt, buildModel, decodeChoice, enabledActions, encodeChoice, followPath, pathOf, type Choice, type Walk } from '../session.ts';

/**
 * The explorer page: pick a protocol, variant and parameters; step through the model by
 * clicking enabled actions; run the checker in a Web Worker; open a trace. The URL fragment
 * holds the whole choice (see session.ts), so any step can be shared as a link. Every error
 * lands in #error as one sentence; the page never goes blank.
 */

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const el = (tag: string, text?: string, className?: string) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
};

const definitions = new Map<string, ProtocolDefinition>();
let current: { choice: Choice; walk: Walk } | undefined;
let worker: Worker | undefined;
let counterexample: readonly number[] | undefined;
const chartSvgs = new Map<string, Promise<string>>();

function showError(err: unknown): void {
  const box = $('error');
  box.textContent = err instanceof Error ? err.message : String(err);
  box.hidden = false;
}

function clearError(): void {
  $('error').hidden = true;
}

async function definition(name: string): Promise<ProtocolDefinition> {
  let def = definitions.get(name);
  if (!def) {
    def = await loadProtocol(name);
    definitions.set(name, def);
  }
  return def;
}

/** The form's choice: protocol, variant and the parameters whose value differs from empty. */
function formChoice(): Pick<Choice, 'protocol' | 'variant' | 'params'> {
  const params: Record<string, string> = {};
  for (const input of $('params').querySelectorAll('input, select')) {
    const field = input as HTMLInputElement;
    if (field.value !== '' && field.value !== field.dataset.default) params[field.name] = field.value;
  }
  return { protocol: $<HTMLSelectElement>('protocol').value, variant: $<HTMLSelectElement>('variant').value, params };
}

async function fillForm(protocol: string, variant: string, params: Readonly<Record<string, string>>): Promise<void> {
  const def = await definition(protocol);
  $<HTMLSelectElement>('protocol').value = protocol;
  const variants = $<HTMLSelectElement>('variant');
  variants.replaceChildren(...def.variants.map((v) => Object.assign(el('option', v.name), { value: v.name, title: v.description })));
  variants.value = variant || def.variants[0].name;
  const chosen = def.variants.find((v) => v.name === variants.value) ?? def.variants[0];
  const box = $('params');
  box.replaceChildren();
  for (const spec of def.params) {
    if (chosen.ignores?.includes(spec.name)) continue;
    const fallback = String(chosen.defaults?.[spec.name] ?? spec.default);
    const label = el('label', `${spec.name} `);
    label.title = spec.description;
    let field: HTMLInputElement | HTMLSelectElement;
    if (spec.type === 'int') {
      field = Object.assign(document.createElement('input'), { type: 'number', min: String(spec.min), max: String(spec.max) });
    } else {
      field = document.createElement('select');
      const choices = spec.type === 'bool' ? ['true', 'false'] : spec.choices;
      field.replaceChildren(...choices.map((c) => Object.assign(el('option', c), { value: c })));
    }
    field.name = spec.name;
    field.dataset.default = fallback;
    field.value = params[spec.name] ?? fallback;
    label.append(field);
    box.append(label);
  }
}

/** Shows a choice: builds its model (or reuses it), follows its path, draws everything. */
async function show(choice: Choice): Promise<void> {
  const def = await definition(choice.protocol);
  const sameModel = current && current.choice.protocol === choice.protocol && current.choice.variant === choice.variant && canonical(current.choice.params) === canonical(choice.params);
  const model = sameModel ? current!.walk.model : buildModel(def, choice);
  const walk = sameModel && canonical(current!.choice.path) === canonical(choice.path) ? current!.walk : followPath(model, choice.path);
  if (!sameModel) chartSvgs.clear();
  current = { choice, walk };
  const fragment = '#' + encodeChoice(choice);
  if (location.hash !== fragment) history.pushState(null, '', fragment);
  clearError();
  render();
}

function render(): void {
  if (!current) return;
  const { choice, walk } = current;
  const { model } = walk;
  const at = choice.at;
  const state = walk.states[at];
  $('position').textContent = `step ${at} of ${choice.path.length}`;
  $<HTMLButtonElement>('back').disabled = at === 0;
  $<HTMLButtonElement>('forward').disabled = at === choice.path.length;
  const link = $<HTMLAnchorElement>('permalink');
  link.href = location.href.split('#')[0] + '#' + encodeChoice(choice);
  const last = at > 0 ? walk.actions[at - 1] : undefined;
  $('last-step').textContent = last ? `last step (${at}): ${model.describeAction(last)}` : 'initial state';

  const broken = brokenAt(model, walk, at);
  const status = $('status');
  status.className = broken.length > 0 ? 'violated' : 'holds';
  status.textContent = broken.length > 0 ? `Violated at step ${at}: ${broken.join(', ')}` : `All ${model.invariants.length + model.actionProperties.length} properties hold here`;

  const list = $('actions');
  list.replaceChildren(
    ...enabledActions(model, state).map((enabled, index) => {
      const button = el('button', enabled.label, 'action') as HTMLButtonElement;
      button.type = 'button';
      button.addEventListener('click', () => run(() => show({ ...choice, path: [...choice.path.slice(0, at), index], at: at + 1 })));
      const item = el('li');
      item.append(button);
      return item;
    }),
  );
  if (list.children.length === 0) list.append(el('li', 'no action is enabled (a deadlock or the end of the bounds)'));

  const touched = new Set<string>();
  if (last && 'node' in last) touched.add(last.node);
  const cluster = $('cluster');
  cluster.replaceChildren(
    ...Object.entries(state.nodes).map(([id, node]) => {
      const down = state.down.includes(id);
      const card = el('div', undefined, `node${touched.has(id) ? ' touched' : ''}${down ? ' down' : ''}`);
      card.dataset.node = id;
      card.append(el('div', `${id} · ${model.roleOf(id).name} · ${flattenValue(node.value)}${down ? ' (crashed)' : ''}`, 'head'));
      const fields = el('dl');
      for (const [key, value] of Object.entries(node.context)) {
        if (key === 'self') continue;
        fields.append(el('dt', key), el('dd', JSON.stringify(value)));
      }
      card.append(fields);
      return card;
    }),
  );
  // Listed by what they say, not in the network's own order (by hash).
  const inFlight = deliverable(state.network)
    .map((m) => `${describeMessage(m.msg)} ${m.msg.from ?? '?'} → ${m.msg.to ?? 'all'}${m.copies > 1 ? ` ×${m.copies}` : ''}`)
    .sort();
  $('network').replaceChildren(...(inFlight.length === 0 ? [el('li', '(none)')] : inFlight.map((line) => el('li', line))));

  renderSequence(model, walk, at, broken);
  void renderStatecharts(model, state, touched).catch(showError);
}

function renderSequence(model: ClusterModel, walk: Walk, at: number, broken: readonly string[]): void {
  const trace = { states: walk.states.slice(0, at + 1), actions: walk.actions.slice(0, at) };
  const violated = broken.length > 0 ? { property: broken[0], propertyKind: model.invariants.some((p) => p.name === broken[0]) ? ('invariant' as const) : ('action' as const) } : {};
  const itf = toItf(model, trace, { ...violated, producedBy: { tool: 'soffio', command: 'soffio explore' } });
  const box = $('sequence');
  box.innerHTML = sequenceToSvg(sequenceOf(fromItf(JSON.parse(JSON.stringify(itf)))));
  // The chart grows with the walk: keep its newest step, the one on every other view, in sight.
  box.scrollTop = box.scrollHeight;
}

async function renderStatecharts(model: ClusterModel, state: Walk['states'][number], touched: ReadonlySet<string>): Promise<void> {
  const select = $<HTMLSelectElement>('chart-node');
  const ids = Object.keys(state.nodes);
  const options = ['all', ...ids];
  if (select.options.length !== options.length || [...select.options].some((o, i) => o.value !== options[i])) {
    const keep = select.value;
    select.replaceChildren(...options.map((id) => Object.assign(el('option', id === 'all' ? 'every node' : id), { value: id })));
    select.value = options.includes(keep) ? keep : ids[0];
  }
  const shown = select.value === 'all' ? ids : [select.value];
  const box = $('statechart');
  const figures: HTMLElement[] = [];
  for (const id of shown) {
    const role = model.roleOf(id);
    let svg = chartSvgs.get(role.name);
    if (!svg) {
      svg = dotToSvg(statechartToDot(readStatechart(role.machine), { title: role.name }));
      chartSvgs.set(role.name, svg);
    }
    const figure = el('figure');
    figure.dataset.node = id;
    figure.append(el('figcaption', `${id}${touched.has(id) ? ' (last step)' : ''}: ${flattenValue(state.nodes[id].value)}`));
    const holder = el('div');
    holder.innerHTML = (await svg).replace(/^<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?/, '');
    light(holder, flattenValue(state.nodes[id].value));
    figure.append(holder);
    figures.push(figure);
  }
  box.replaceChildren(...figures);
}

/** Lights the Graphviz node whose title is the current state's path (and no other). */
function light(holder: HTMLElement, path: string): void {
  for (const node of holder.querySelectorAll('g.node')) {
    const title = node.querySelector('title')?.textContent ?? '';
    if (title === path) node.classList.add('lit');
  }
}

/** Runs an action of the page, turning any failure into the error box. */
function run(task: () => Promise<void> | void): void {
  try {
    const result = task();
    if (result instanceof Promise) result.catch(showError);
  } catch (err) {
    showError(err);
  }
}

function step(delta: number): void {
  if (!current) return;
  const at = Math.max(0, Math.min(current.choice.path.length, current.choice.at + delta));
  run(() => show({ ...current!.choice, at }));
}

function startCheck(): void {
  const choice = formChoice();
  const maxStates = Number($<HTMLInputElement>('max-states').value);
  const timeLimit = Number($<HTMLInputElement>('time-limit').value);
  if (!Number.isInteger(maxStates) || maxStates < 1) throw new UsageError(`max states must be a positive whole number, got '${$<HTMLInputElement>('max-states').value}'`);
  if (!(timeLimit > 0)) throw new UsageError(`the time limit must be a positive number of seconds, got '${$<HTMLInputElement>('time-limit').value}'`);
  // Validate the parameters here, so a bad one is reported before a worker starts.
  void definition(choice.protocol).then((def) => {
    buildModel(def, choice);
    stopCheck();
    counterexample = undefined;
    $('play').hidden = true;
    $('check-result').textContent = '';
    $('check-result').className = '';
    $('progress').textContent = 'starting…';
    $<HTMLButtonElement>('check').disabled = true;
    $<HTMLButtonElement>('stop').disabled = false;
    const request: CheckRequest = { ...choice, maxStates, timeLimitMs: timeLimit * 1000 };
    const checker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    worker = checker;
    // The request waits for the worker's `ready`: posted any earlier, it may reach the worker
    // before its handler exists and be dropped, and the check would never start.
    checker.onmessage = (event: MessageEvent<CheckReply>) => {
      if (event.data.type === 'ready') checker.postMessage(request);
      else onReply(choice, event.data);
    };
    checker.onerror = (event) => {
      stopCheck();
      showError(`the checker stopped: ${event.message}`);
    };
  }).catch(showError);
}

function stopCheck(): void {
  worker?.terminate();
  worker = undefined;
  $<HTMLButtonElement>('check').disabled = false;
  $<HTMLButtonElement>('stop').disabled = true;
}

function onReply(choice: Pick<Choice, 'protocol' | 'variant' | 'params'>, reply: Exclude<CheckReply, { type: 'ready' }>): void {
  if (reply.type === 'progress') {
    $('progress').textContent = `${reply.distinctStates.toLocaleString('en')} distinct states, depth ${reply.depth}, ${Math.round(reply.elapsedMs / 1000)} s`;
    return;
  }
  stopCheck();
  if (reply.type === 'error') {
    $('progress').textContent = '';
    showError(reply.message);
    return;
  }
  $('progress').textContent = `${reply.distinctStates.toLocaleString('en')} distinct states in ${(reply.durationMs / 1000).toFixed(1)} s`;
  const result = $('check-result');
  const missed = Object.entries(reply.witnesses).filter(([, reached]) => !reached).map(([name]) => name);
  if (reply.violation) {
    result.className = 'violation';
    result.textContent = `Violation of ${reply.violation.property} after ${reply.violation.depth} steps.`;
    counterexample = reply.violation.path;
    const play = $('play');
    play.hidden = false;
    play.onclick = () => run(() => playCounterexample(choice));
  } else if (reply.result === 'ok') {
    result.className = 'ok';
    result.textContent = `Every property holds.${missed.length > 0 ? ` Witnesses never reached: ${missed.join(', ')}.` : ''}`;
  } else {
    result.className = 'incomplete';
    result.textContent = `Incomplete: ${reply.incompleteReason ?? 'stopped early'}.`;
  }
}

/** Opens the counterexample at its start; forward then plays it step by step on every view. */
async function playCounterexample(choice: Pick<Choice, 'protocol' | 'variant' | 'params'>): Promise<void> {
  if (!counterexample) return;
  $<HTMLSelectElement>('chart-node').value = 'all';
  await show({ ...choice, path: counterexample, at: 0 });
}

/** Opens an ITF trace written by `soffio check`: rebuilds its model and walks its actions. */
async function openTrace(text: string, name: string): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${name} is not a trace: it is not JSON`);
  }
  let parsed;
  try {
    parsed = fromItf(json);
  } catch (err) {
    throw new UsageError(`${name} is not a Soffio trace: ${(err as Error).message}`);
  }
  const { meta } = parsed;
  if (!protocolNames.includes(meta.protocol)) throw new UsageError(`${name} is a trace of '${meta.protocol}', which this explorer does not know`);
  const def = await definition(meta.protocol);
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(meta.params)) params[key] = String(value);
  const choice = { protocol: meta.protocol, variant: meta.variant, params };
  const path = pathOf(buildModel(def, choice), parsed.actions);
  await fillForm(choice.protocol, choice.variant, params);
  $<HTMLSelectElement>('chart-node').value = 'all';
  await show({ ...choice, path, at: 0 });
}

async function loadTraceList(): Promise<void> {
  try {
    const response = await fetch('traces/index.json');
    if (!response.ok) return;
    const names = (await response.json()) as string[];
    $('trace-list').append(...names.map((n) => Object.assign(el('option', n), { value: n })));
  } catch {
    // A static host without a traces/ folder: uploads still work.
  }
}

async function openListedTrace(): Promise<void> {
  const name = $<HTMLSelectElement>('trace-list').value;
  if (!name) throw new UsageError('pick a trace from the list first');
  const response = await fetch(`traces/${name}`);
  if (!response.ok) throw new UsageError(`could not read traces/${name} (HTTP ${response.status})`);
  await openTrace(await response.text(), name);
}

async function fromLocation(): Promise<void> {
  const choice = decodeChoice(location.hash);
  if (!choice) {
    await fillForm(protocolNames[0], '', {});
    await show({ ...formChoice(), path: [], at: 0 });
    return;
  }
  await fillForm(choice.protocol, choice.variant, choice.params);
  await show(choice);
}

function wire(): void {
  const protocols = $<HTMLSelectElement>('protocol');
  protocols.replaceChildren(...protocolNames.map((n) => Object.assign(el('option', n), { value: n })));
  protocols.addEventListener('change', () => run(() => fillForm(protocols.value, '', {})));
  $('variant').addEventListener('change', () => run(() => fillForm(protocols.value, $<HTMLSelectElement>('variant').value, formChoice().params)));
  $('load').addEventListener('click', () => run(() => show({ ...formChoice(), path: [], at: 0 })));
  $('back').addEventListener('click', () => step(-1));
  $('forward').addEventListener('click', () => step(1));
  $('chart-node').addEventListener('change', () => run(() => render()));
  $('check').addEventListener('click', () => run(startCheck));
  $('stop').addEventListener('click', () => {
    stopCheck();
    $('progress').textContent = 'stopped';
  });
  $('open-trace').addEventListener('click', () => run(openListedTrace));
  $<HTMLInputElement>('trace-upload').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) run(async () => openTrace(await file.text(), file.name));
  });
  addEventListener('popstate', () => run(fromLocation));
  addEventListener('error', (event) => showError(event.message));
  addEventListener('unhandledrejection', (event) => showError(event.reason));
}

wire();
run(fromLocation);
void loadTraceList();
