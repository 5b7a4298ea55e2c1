/**
 * FastAPI dependencies as auth: `dependencies=[Depends(verify_token)]` on a route, a router, an
 * application or an `include_router`, and parameters of the handler that depend on something
 * (`user = Depends(get_current_user)`, `Annotated[User, Depends(get_current_user)]`,
 * `Security(get_current_user, scopes=[...])`, or a module alias `CurrentUser = Annotated[...]`).
 * Spec: https://fastapi.tiangolo.com/tutorial/dependencies/,
 *       https://fastapi.tiangolo.com/tutorial/dependencies/dependencies-in-path-operation-decorators/
 *
 * A dependency is recorded as written (`Depends(get_current_user)`); whether it is auth is decided
 * by the callable it names, or for `Depends()` by the parameter's type; `Security(...)` always is. A parameter's dependency
 * that is not auth (`db = Depends(get_db)`) is not recorded: it is an input, not middleware.
 */
import { codeMatches, readArguments, type Argument, type ScannedSource } from '../../env/extractors/source-scan.js';
import { addGuard, argument, asWritten, displayItems, noGuards, readCall, type Guards } from './python-expressions.js';

interface Dependency {
  written: string;
  /** What decides whether it is auth: the dependency callable, or the parameter's type for `Depends()`. */
  name: string;
  /** `Security(...)` is FastAPI's dependency for security schemes and scopes: auth whatever it names. */
  isSecurity: boolean;
  /** Offset after the call: a dependency inside another one's arguments is part of it. */
  end: number;
}

const DEPENDENCY_CALL = /(?<![\w.])(?:fastapi\s*\.\s*)?(?:Depends|Security)\s*\(/g;
const ANNOTATED_ALIAS = /^([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*(?:typing[ \t]*\.[ \t]*)?Annotated[ \t]*\[/gm;
const PARAMETER_TYPE = /^\*{0,2}[A-Za-z_]\w*\s*:\s*(?:(?:typing\s*\.\s*)?Annotated\s*\[\s*)?([A-Za-z_][\w.]*)/;

function dependenciesBetween(source: ScannedSource, start: number, end: number, parameterType: string | undefined): Dependency[] {
  const found: Dependency[] = [];
  // Searched in the slice only: a search from `start` through the whole file for every parameter is quadratic.
  for (const match of source.code.slice(start, end).matchAll(DEPENDENCY_CALL)) {
    const at = start + match.index;
    if (!source.isCode(at) || found.some((dependency) => at < dependency.end)) continue;
    const call = readArguments(source, at + match[0].length - 1);
    const named = argument(call.args, 0, 'dependency');
    const written = asWritten(source.code.slice(at, call.end));
    found.push({ written, name: named?.text ?? parameterType ?? '', isSecurity: /Security\s*\($/.test(match[0]), end: call.end });
  }
  return found;
}

/** `CurrentUser = Annotated[User, Depends(get_current_user)]`: the dependencies each alias carries. */
export function readDependencyAliases(source: ScannedSource): Map<string, Dependency[]> {
  const aliases = new Map<string, Dependency[]>();
  for (const match of codeMatches(source, ANNOTATED_ALIAS)) {
    const bracket = match.index + match[0].length - 1;
    const read = readArguments(source, bracket);
    aliases.set(match[1]!, dependenciesBetween(source, bracket, read.end, read.args[0]?.text));
  }
  return aliases;
}

/** A `dependencies=[...]` list: each item is auth or middleware. */
export function dependencyListGuards(source: ScannedSource, list: Argument | undefined): Guards {
  const guards = noGuards();
  if (!list) return guards;
  for (const item of displayItems(source, list) ?? [list]) {
    const call = readCall(source, item);
    const kind = call && /(?:^|\.)(Depends|Security)$/.exec(call.callee)?.[1];
    if (kind === 'Security') guards.auth.push(asWritten(item.text));
    else addGuard(guards, asWritten(item.text), kind ? (argument(call!.args, 0, 'dependency')?.text ?? '') : item.text);
  }
  return guards;
}

/** The auth dependencies among the handler's parameters, whose list opens at `paramsOpen`. */
export function signatureAuth(source: ScannedSource, paramsOpen: number, aliases: ReadonlyMap<string, Dependency[]>): string[] {
  const guards = noGuards();
  for (const parameter of readArguments(source, paramsOpen).args) {
    const type = PARAMETER_TYPE.exec(parameter.text)?.[1];
    const aliased = /^[A-Za-z_]\w*\s*:\s*([A-Za-z_]\w*)\s*(?:=|$)/.exec(parameter.text)?.[1];
    const dependencies = [
      ...(aliased ? (aliases.get(aliased) ?? []) : []),
      ...dependenciesBetween(source, parameter.start, parameter.start + parameter.text.length, type),
    ];
    for (const dependency of dependencies) {
      if (dependency.isSecurity) guards.auth.push(dependency.written);
      else addGuard(guards, dependency.written, dependency.name);
    }
  }
  return guards.auth;
}
