/**
 * Runs a compiled DCR procedure as Curity would, in a node:vm sandbox: a stub context whose request
 * has a method and a parsed JSON body, and a stub `exceptionFactory` whose badRequestException
 * returns what the procedure throws. The body is parsed inside the sandbox (its own realm), and the
 * answer comes back as JSON, so key order and types are compared exactly.
 */
import vm from 'node:vm';

export interface ProcedureRun {
  /** The request method (default POST). */
  method?: string;
  /** Hand arrays over as Java-like lists (size()/get(i)), as a JVM script engine may. */
  javaLists?: boolean;
}

const HARNESS = `
(function () {
  function toJavaLists(value) {
    if (Object.prototype.toString.call(value) === "[object Array]") {
      var items = value.map(toJavaLists);
      return { size: function () { return items.length; }, get: function (i) { return items[i]; } };
    }
    if (value !== null && typeof value === "object") {
      Object.keys(value).forEach(function (key) { value[key] = toJavaLists(value[key]); });
    }
    return value;
  }
  var body = JSON.parse(__bodyJson);
  if (__javaLists) body = toJavaLists(body);
  var context = { getRequest: function () { return { getMethod: function () { return __method; }, getParsedBodyAsJson: function () { return body; } }; } };
  try {
    return JSON.stringify({ decision: "accept", attributes: result(context) });
  } catch (e) {
    if (e && e.__stubRejection) return JSON.stringify({ decision: "reject", error: { code: e.code, description: e.description } });
    throw e;
  }
})()`;

export function runProcedure(code: string, bodyJson: string, run: ProcedureRun = {}): unknown {
  const sandbox = vm.createContext({
    __bodyJson: bodyJson,
    __method: run.method ?? 'POST',
    __javaLists: Boolean(run.javaLists),
    exceptionFactory: {
      badRequestException(...args: unknown[]) {
        if (args.length !== 2 || typeof args[0] !== 'string' || typeof args[1] !== 'string') {
          throw new Error(`badRequestException(code, description) called with ${JSON.stringify(args)}`);
        }
        return { __stubRejection: true, code: args[0], description: args[1] };
      },
    },
  });
  vm.runInContext(code, sandbox, { filename: 'mcp-client-registration-policy.js', timeout: 5000 });
  return JSON.parse(vm.runInContext(HARNESS, sandbox, { timeout: 5000 }) as string);
}
