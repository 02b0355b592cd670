#!/usr/bin/env node
/*
 * Checks ECS documents (NDJSON, one per line, on stdin or in the file named by the first argument)
 * against the ECS field catalog of npm @elastic/ecs (its EcsFlat export):
 *   - every field exists in EcsFlat (nested objects and dotted keys are both flattened to dotted names);
 *   - its value has a compatible type (keyword-like: string; long: integer; date: ISO 8601; ip: an IP...);
 *   - arrays only where ECS normalises the field to an array;
 *   - fields with allowed values (event.kind, event.category, event.type, event.outcome) use only those,
 *     and every event.type is one ECS expects for one of the document's event.category values;
 *   - @timestamp and ecs.version are present.
 * Two documented exceptions: `labels.<name>` (ECS's custom keyword map) and the Datadog log-correlation
 * fields dd.trace_id, dd.span_id (decimal strings), dd.service, dd.env, dd.version.
 *
 * Prints {"documents":N,"fields":[...all field names seen...],"errors":[...]} and exits 1 on any error.
 */
'use strict';

const fs = require('fs');
const net = require('net');
const {EcsFlat} = require('@elastic/ecs');

const KEYWORD_TYPES = new Set(['keyword', 'wildcard', 'match_only_text', 'text', 'constant_keyword', 'version']);
const INTEGER_TYPES = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);
const NUMBER_TYPES = new Set(['float', 'half_float', 'scaled_float', 'double']);
const DATADOG_FIELDS = {
    'dd.trace_id': /^\d+$/,
    'dd.span_id': /^\d+$/,
    'dd.service': /./,
    'dd.env': /./,
    'dd.version': /./,
};

function flatten(obj, prefix, out) {
    for (const [key, value] of Object.entries(obj)) {
        const name = prefix ? `${prefix}.${key}` : key;
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value, name, out);
        else out[name] = value;
    }
    return out;
}

function typeError(field, value) {
    const t = field.type;
    if (KEYWORD_TYPES.has(t)) return typeof value === 'string' ? null : `${t} needs a string`;
    if (INTEGER_TYPES.has(t)) return Number.isInteger(value) ? null : `${t} needs an integer`;
    if (NUMBER_TYPES.has(t)) return typeof value === 'number' ? null : `${t} needs a number`;
    if (t === 'boolean') return typeof value === 'boolean' ? null : 'boolean needs true/false';
    if (t === 'date') {
        return typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) && !isNaN(Date.parse(value))
            ? null : 'date needs an ISO 8601 timestamp';
    }
    if (t === 'ip') return typeof value === 'string' && net.isIP(value) ? null : 'ip needs an IPv4 or IPv6 address';
    return `fields of type ${t} cannot hold a plain value`;
}

function checkDocument(doc, lineNo, errors, seen) {
    const flat = flatten(doc, '', {});
    const at = `line ${lineNo}`;
    for (const required of ['@timestamp', 'ecs.version']) {
        if (!(required in flat)) errors.push(`${at}: missing ${required}`);
    }
    for (const [name, value] of Object.entries(flat)) {
        seen.add(name);
        if (name in DATADOG_FIELDS) {
            if (typeof value !== 'string' || !DATADOG_FIELDS[name].test(value)) errors.push(`${at}: ${name}=${JSON.stringify(value)} is not valid`);
            continue;
        }
        if (name.startsWith('labels.')) {
            if (name.split('.').length !== 2) errors.push(`${at}: ${name}: label names cannot contain dots`);
            if (typeof value !== 'string') errors.push(`${at}: ${name}: labels are keywords (strings)`);
            continue;
        }
        const field = EcsFlat[name];
        if (!field) {
            errors.push(`${at}: ${name} is not an ECS field`);
            continue;
        }
        const values = Array.isArray(value) ? value : [value];
        if (Array.isArray(value) && !(field.normalize || []).includes('array')) {
            errors.push(`${at}: ${name} is not an array field in ECS`);
        }
        for (const v of values) {
            const problem = typeError(field, v);
            if (problem) errors.push(`${at}: ${name}=${JSON.stringify(v)}: ${problem}`);
            if (field.allowed_values && !field.allowed_values.some((a) => a.name === v)) {
                errors.push(`${at}: ${name}=${JSON.stringify(v)} is not one of ECS's allowed values`);
            }
        }
    }
    const categories = [].concat(flat['event.category'] || []);
    const types = [].concat(flat['event.type'] || []);
    for (const type of types) {
        const expected = categories.some((c) => {
            const allowed = EcsFlat['event.category'].allowed_values.find((a) => a.name === c);
            return allowed && (allowed.expected_event_types || []).includes(type);
        });
        if (!expected) errors.push(`${at}: event.type ${type} is not expected for event.category ${JSON.stringify(categories)}`);
    }
}

function main() {
    const text = fs.readFileSync(process.argv[2] || 0, 'utf8');
    const errors = [];
    const seen = new Set();
    let documents = 0;
    text.split('\n').forEach((line, i) => {
        if (line.trim() === '') return;
        documents++;
        let doc;
        try {
            doc = JSON.parse(line);
        } catch (err) {
            errors.push(`line ${i + 1}: not JSON: ${err.message}`);
            return;
        }
        if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
            errors.push(`line ${i + 1}: not a JSON object`);
            return;
        }
        checkDocument(doc, i + 1, errors, seen);
    });
    process.stdout.write(JSON.stringify({documents, fields: [...seen].sort(), errors}) + '\n');
    process.exit(errors.length ? 1 : 0);
}

main();
