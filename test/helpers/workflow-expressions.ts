/**
 * The subset of GitHub Actions expressions (`${{ }}`) that shipgate's workflows use, evaluated
 * the way the runner does: literals, context access (`a.b-c`, `a['b']`), `!` `==` `!=` `<` `<=`
 * `>` `>=` `&&` `||` and parentheses, GitHub's loose equality (strings compared case-insensitively,
 * mixed types compared as numbers) and its truthiness, the status functions, and format /
 * contains / fromJSON. Anything else — `*` filters, other functions, an unknown context — throws
 * "walker: unsupported expression …", so a workflow the walker cannot read fails the test loudly
 * instead of being silently misread. Reference:
 * https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 */

export type ExpressionValue = null | boolean | number | string | ExpressionValue[] | { [key: string]: ExpressionValue };

/** What `success()`, `failure()`, `cancelled()` see where the expression is evaluated. */
export interface StatusFunctions {
  success(): boolean;
  failure(): boolean;
  cancelled(): boolean;
}

export interface ExpressionContext {
  /** Context objects by name: inputs, secrets, needs, steps, github, job, jobs, env, vars … */
  contexts: Record<string, ExpressionValue>;
  status?: StatusFunctions;
}

type Token =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'word'; value: string }
  | { kind: 'op'; value: string };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', '.', ','];

function unsupported(expression: string, why: string): never {
  throw new Error(`walker: unsupported expression ${JSON.stringify(expression)}: ${why}`);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    if (/\s/.test(char)) {
      i++;
    } else if (char === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) unsupported(source, 'unterminated string');
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += source[i];
        i++;
      }
      tokens.push({ kind: 'string', value });
    } else if (/[0-9]/.test(char) || (char === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const match = /^-?(0x[0-9a-fA-F]+|[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', value: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      // Context and property names may contain hyphens: steps.deploy.outputs.deployment-id.
      const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', value: match[0] });
      i += match[0].length;
    } else {
      const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
      if (op === undefined) unsupported(source, `unexpected character ${JSON.stringify(char)}`);
      tokens.push({ kind: 'op', value: op });
      i += op.length;
    }
  }
  return tokens;
}

type Node =
  | { type: 'literal'; value: ExpressionValue }
  | { type: 'context'; name: string }
  | { type: 'index'; target: Node; key: Node }
  | { type: 'call'; name: string; args: Node[] }
  | { type: 'not'; operand: Node }
  | { type: 'binary'; op: string; left: Node; right: Node };

const PRECEDENCE: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4 };

class Parser {
  private position = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Node {
    if (this.tokens.length === 0) unsupported(this.source, 'empty expression');
    const node = this.binary(0);
    if (this.position < this.tokens.length) unsupported(this.source, `unexpected ${JSON.stringify(this.peek()?.value)}`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position++];
    if (token === undefined) unsupported(this.source, 'unexpected end');
    return token;
  }

  private expect(op: string): void {
    const token = this.next();
    if (token.kind !== 'op' || token.value !== op) unsupported(this.source, `expected ${op}, got ${JSON.stringify(token.value)}`);
  }

  private binary(minimum: number): Node {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      const precedence = token?.kind === 'op' ? PRECEDENCE[token.value] : undefined;
      if (token === undefined || precedence === undefined || precedence <= minimum) return left;
      this.position++;
      left = { type: 'binary', op: token.value as string, left, right: this.binary(precedence) };
    }
  }

  private unary(): Node {
    const token = this.peek();
    if (token?.kind === 'op' && token.value === '!') {
      this.position++;
      return { type: 'not', operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private primary(): Node {
    const token = this.next();
    if (token.kind === 'number' || token.kind === 'string') return { type: 'literal', value: token.value };
    if (token.kind === 'op' && token.value === '(') {
      const inner = this.binary(0);
      this.expect(')');
      return inner;
    }
    if (token.kind === 'word') {
      if (token.value === 'true' || token.value === 'false') return { type: 'literal', value: token.value === 'true' };
      if (token.value === 'null') return { type: 'literal', value: null };
      const after = this.peek();
      if (after?.kind === 'op' && after.value === '(') {
        this.position++;
        const args: Node[] = [];
        if (!(this.peek()?.kind === 'op' && this.peek()?.value === ')')) {
          for (;;) {
            args.push(this.binary(0));
            const separator = this.next();
            if (separator.kind === 'op' && separator.value === ')') break;
            if (separator.kind !== 'op' || separator.value !== ',') unsupported(this.source, 'expected , or ) in a call');
          }
        } else {
          this.position++;
        }
        return { type: 'call', name: token.value.toLowerCase(), args };
      }
      return { type: 'context', name: token.value };
    }
    return unsupported(this.source, `unexpected ${JSON.stringify(token.value)}`);
  }

  private postfix(node: Node): Node {
    for (;;) {
      const token = this.peek();
      if (token?.kind !== 'op') return node;
      if (token.value === '.') {
        this.position++;
        const name = this.next();
        if (name.kind === 'op' && name.value === '*') unsupported(this.source, 'object filters (.*) are not supported');
        if (name.kind !== 'word') unsupported(this.source, `expected a property name after '.', got ${JSON.stringify(name.value)}`);
        node = { type: 'index', target: node, key: { type: 'literal', value: name.value } };
      } else if (token.value === '[') {
        this.position++;
        const key = this.binary(0);
        this.expect(']');
        node = { type: 'index', target: node, key };
      } else {
        return node;
      }
    }
  }
}

/** GitHub's truthiness: false, 0, -0, '', null and NaN are falsy; arrays and objects are truthy. */
export function truthy(value: ExpressionValue): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value !== '';
  return true;
}

function toNumber(value: ExpressionValue): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return 0;
    return /^[-+]?(0x[0-9a-f]+|[0-9]*\.?[0-9]+(e[-+]?[0-9]+)?)$/i.test(trimmed) ? Number(trimmed) : Number.NaN;
  }
  return Number.NaN;
}

/** The string a value becomes inside `${{ }}` in a larger string, or as an input's value. */
export function toText(value: ExpressionValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return JSON.stringify(value, null, 2);
}

function looselyEqual(left: ExpressionValue, right: ExpressionValue): boolean {
  if (typeof left === 'string' && typeof right === 'string') return left.toUpperCase() === right.toUpperCase();
  const primitive = (v: ExpressionValue) => v === null || typeof v !== 'object';
  if (!primitive(left) || !primitive(right)) return left === right;
  if (typeof left === typeof right) return left === right;
  // Different types: GitHub compares them as numbers (null and '' are 0, 'abc' is NaN).
  return toNumber(left) === toNumber(right);
}

function compare(op: string, left: ExpressionValue, right: ExpressionValue): boolean {
  let a: number | string;
  let b: number | string;
  if (typeof left === 'string' && typeof right === 'string') {
    a = left.toUpperCase();
    b = right.toUpperCase();
  } else {
    a = toNumber(left);
    b = toNumber(right);
    if (Number.isNaN(a) || Number.isNaN(b)) return false;
  }
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

function fromJson(source: string, text: ExpressionValue): ExpressionValue {
  try {
    return JSON.parse(toText(text)) as ExpressionValue;
  } catch {
    throw new Error(`walker: fromJSON in ${JSON.stringify(source)} got text that is not JSON: ${JSON.stringify(text)}`);
  }
}

function evaluateNode(node: Node, context: ExpressionContext, source: string): ExpressionValue {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'context': {
      if (!Object.hasOwn(context.contexts, node.name)) unsupported(source, `the context '${node.name}' is not available here`);
      return context.contexts[node.name] ?? null;
    }
    case 'index': {
      const target = evaluateNode(node.target, context, source);
      const key = evaluateNode(node.key, context, source);
      if (target === null || typeof target !== 'object') return null;
      if (Array.isArray(target)) return typeof key === 'number' ? (target[key] ?? null) : null;
      // Property names are case-insensitive in GitHub's contexts.
      const name = toText(key);
      const found = Object.keys(target).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
      return found === undefined ? null : (target[found] ?? null);
    }
    case 'not':
      return !truthy(evaluateNode(node.operand, context, source));
    case 'binary': {
      const left = evaluateNode(node.left, context, source);
      if (node.op === '&&') return truthy(left) ? evaluateNode(node.right, context, source) : left;
      if (node.op === '||') return truthy(left) ? left : evaluateNode(node.right, context, source);
      const right = evaluateNode(node.right, context, source);
      if (node.op === '==') return looselyEqual(left, right);
      if (node.op === '!=') return !looselyEqual(left, right);
      return compare(node.op, left, right);
    }
    case 'call': {
      const args = node.args.map((arg) => evaluateNode(arg, context, source));
      const arity = (count: number) => {
        if (args.length !== count) unsupported(source, `${node.name}() takes ${count} argument(s)`);
      };
      const status = () => {
        if (context.status === undefined) unsupported(source, `${node.name}() is only available in if:`);
        return context.status;
      };
      switch (node.name) {
        case 'success':
          arity(0);
          return status().success();
        case 'failure':
          arity(0);
          return status().failure();
        case 'cancelled':
          arity(0);
          return status().cancelled();
        case 'always':
          arity(0);
          status();
          return true;
        case 'contains': {
          arity(2);
          const [haystack, needle] = args as [ExpressionValue, ExpressionValue];
          if (Array.isArray(haystack)) return haystack.some((item) => looselyEqual(item, needle));
          return toText(haystack).toLowerCase().includes(toText(needle).toLowerCase());
        }
        case 'format': {
          if (args.length === 0) unsupported(source, 'format() needs a format string');
          const [pattern, ...values] = args as [ExpressionValue, ...ExpressionValue[]];
          return toText(pattern).replace(/\{\{|\}\}|\{(\d+)\}/g, (match, index?: string) => {
            if (match === '{{') return '{';
            if (match === '}}') return '}';
            const value = values[Number(index)];
            if (value === undefined) unsupported(source, `format() has no argument {${index}}`);
            return toText(value);
          });
        }
        case 'fromjson':
          arity(1);
          return fromJson(source, args[0] as ExpressionValue);
        default:
          return unsupported(source, `the function ${node.name}() is not supported by the walker`);
      }
    }
  }
}

/** Evaluates one expression (the text inside `${{ }}`, or an `if:` condition). */
export function evaluateExpression(expression: string, context: ExpressionContext): ExpressionValue {
  return evaluateNode(new Parser(expression, tokenize(expression)).parse(), context, expression);
}

/**
 * Splits a value into text and `${{ }}` expressions; a `}}` inside a quoted string literal does
 * not end the expression, as in GitHub's own lexer.
 */
function templateParts(value: string): Array<{ text: string } | { expression: string }> {
  const parts: Array<{ text: string } | { expression: string }> = [];
  let position = 0;
  for (;;) {
    const open = value.indexOf('${{', position);
    if (open === -1) break;
    if (open > position) parts.push({ text: value.slice(position, open) });
    let i = open + 3;
    let inString = false;
    for (; i < value.length; i++) {
      if (value[i] === "'") inString = !inString;
      else if (!inString && value.startsWith('}}', i)) break;
    }
    if (i >= value.length) unsupported(value, 'a ${{ without its }}');
    parts.push({ expression: value.slice(open + 3, i) });
    position = i + 2;
  }
  if (position < value.length) parts.push({ text: value.slice(position) });
  return parts;
}

/**
 * A workflow value with `${{ }}` in it. A value that is exactly one expression keeps its type
 * (a boolean input stays a boolean); anything else becomes text, each expression as its string.
 */
export function evaluateTemplate(value: unknown, context: ExpressionContext): ExpressionValue {
  if (typeof value !== 'string') return (value ?? null) as ExpressionValue;
  const parts = templateParts(value);
  const expressions = parts.filter((part) => 'expression' in part);
  const onlyText = parts.every((part) => 'expression' in part || part.text.trim() === '');
  if (expressions.length === 1 && onlyText) return evaluateExpression((expressions[0] as { expression: string }).expression, context);
  return parts.map((part) => ('expression' in part ? toText(evaluateExpression(part.expression, context)) : part.text)).join('');
}

/** Whether a condition calls a status function; without one, GitHub evaluates `success() && (cond)`. */
function callsStatusFunction(condition: string): boolean {
  return /\b(success|failure|always|cancelled)\s*\(/i.test(condition);
}

/** A job's or step's `if:` (with or without `${{ }}`), absent meaning `success()`. */
export function evaluateCondition(condition: unknown, context: ExpressionContext): boolean {
  if (condition === undefined || condition === null) return evaluateCondition('success()', context);
  if (typeof condition === 'boolean') return condition && evaluateCondition('success()', context);
  let text = String(condition).trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  if (wrapped) text = (wrapped[1] as string).trim();
  if (text.includes('${{')) unsupported(text, 'an if: mixing text and ${{ }} is always true on GitHub; write the bare condition');
  const effective = callsStatusFunction(text) ? text : `success() && (${text})`;
  return truthy(evaluateExpression(effective, context));
}
