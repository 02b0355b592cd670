// Independent check of telemetry v3 output: compiles the JSON Schema with ajv (draft 2020-12, strict mode,
// ajv-formats) and validates every line of an NDJSON file against it.
//
//   node validate-with-ajv.mjs <schema.json> <events.ndjson>
//
// Prints "line N: <path> <message> (value ...)" for each invalid line and a summary.
// Exit codes: 0 all lines valid, 1 some line invalid, 2 the schema does not compile or a file is unreadable.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, eventsPath] = process.argv.slice(2);
if (!schemaPath || !eventsPath) {
  console.error("usage: node validate-with-ajv.mjs <schema.json> <events.ndjson>");
  process.exit(2);
}

let validate;
let text;
try {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
  text = readFileSync(eventsPath, "utf8");
} catch (error) {
  console.error(`ajv: ${error.message}`);
  process.exit(2);
}

// Shows the offending value, and the length of a string (ids are judged by their length first).
function describe(value) {
  if (typeof value === "string") return ` (value "${value}", ${value.length} character${value.length === 1 ? "" : "s"})`;
  if (value === undefined || typeof value === "object") return "";
  return ` (value ${JSON.stringify(value)})`;
}

function valueAt(event, pointer) {
  return pointer.split("/").slice(1).reduce(
    (node, key) => (node == null ? undefined : node[key.replace(/~1/g, "/").replace(/~0/g, "~")]), event);
}

let lines = 0;
let invalid = 0;
text.split("\n").forEach((line, index) => {
  if (line.trim() === "") return;
  lines++;
  let event;
  try {
    event = JSON.parse(line);
  } catch (error) {
    invalid++;
    console.log(`line ${index + 1}: not JSON: ${error.message}`);
    return;
  }
  if (validate(event)) return;
  invalid++;
  for (const error of validate.errors) {
    const where = error.instancePath || "/";
    const extra = error.params && error.params.additionalProperty ? ` '${error.params.additionalProperty}'` : "";
    console.log(`line ${index + 1}: ${where} ${error.message}${extra}${describe(valueAt(event, error.instancePath))}`);
  }
});

console.log(`${lines} lines, ${lines - invalid} valid, ${invalid} invalid`);
process.exit(invalid === 0 ? 0 : 1);
