#!/usr/bin/env node
/*
 * Runs @elastic/mockotlpserver's OTLP/HTTP receiver on a loopback port and prints what it receives,
 * one JSON line per request, for the .NET tests to read:
 *
 *   {"kind":"listening","url":"http://127.0.0.1:43125"}
 *   {"kind":"request","signal":"traces","contentType":"application/x-protobuf","violations":[],"data":{...}}
 *
 * "data" is mockotlpserver's own normalised form (ids as hex, attributes as an object, span kinds
 * and status codes as enum names), the same for both encodings. For http/json requests, "violations"
 * lists every way the body departs from the OTLP/JSON encoding, checked field by field against the
 * OTLP .proto definitions that ship with mockotlpserver: unknown or misspelt field names, ids not in
 * lowercase hex of the right length, 64-bit integers not written as decimal strings, enums not integers.
 *
 * Usage: node otlp-receiver.js [port]     (port 0 or none: a free port)
 */
'use strict';

const {Writable} = require('stream');
const {MockOtlpServer, normalizeTrace, normalizeLogs} = require('@elastic/mockotlpserver');
const {getProtoRoot} = require('@elastic/mockotlpserver/lib/proto');
const {diagchSub, CH_OTLP_V1_TRACE, CH_OTLP_V1_LOGS, CH_OTLP_V1_REQUEST} = require('@elastic/mockotlpserver/lib/diagch');
const luggite = require('@elastic/mockotlpserver/lib/luggite');

const root = getProtoRoot();
const requestTypes = {
    traces: root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    logs: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
};
const ID_HEX_LENGTH = {traceId: 32, spanId: 16, parentSpanId: 16};
const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INT_TYPES = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

function print(obj) {
    process.stdout.write(JSON.stringify(obj) + '\n');
}

/** Checks one OTLP/JSON message object against its protobuf type; pushes violations. */
function checkMessage(obj, type, path, violations) {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
        violations.push(`${path}: expected an object for ${type.name}`);
        return;
    }
    for (const [key, value] of Object.entries(obj)) {
        const field = type.fields[key];
        if (!field) {
            violations.push(`${path}.${key}: no such field in ${type.fullName} (OTLP/JSON uses lowerCamelCase names)`);
            continue;
        }
        field.resolve();
        if (field.repeated) {
            if (!Array.isArray(value)) {
                violations.push(`${path}.${key}: repeated field must be an array`);
                continue;
            }
            value.forEach((item, i) => checkValue(item, field, `${path}.${key}[${i}]`, violations));
        } else {
            checkValue(value, field, `${path}.${key}`, violations);
        }
    }
}

function checkValue(value, field, path, violations) {
    const t = field.type;
    const resolved = field.resolvedType;
    if (resolved && resolved.values) {
        if (!Number.isInteger(value) || !Object.values(resolved.values).includes(value)) {
            violations.push(`${path}: enum ${resolved.name} must be one of its integer values, got ${JSON.stringify(value)}`);
        }
    } else if (resolved) {
        checkMessage(value, resolved, path, violations);
    } else if (t === 'bytes') {
        const hexLength = ID_HEX_LENGTH[field.name];
        if (hexLength) {
            if (typeof value !== 'string' || !new RegExp(`^[0-9a-f]{${hexLength}}$`).test(value)) {
                violations.push(`${path}: ${field.name} must be ${hexLength} lowercase hex characters, got ${JSON.stringify(value)}`);
            }
        } else if (typeof value !== 'string') {
            violations.push(`${path}: bytes must be a base64 string`);
        }
    } else if (LONG_TYPES.has(t)) {
        if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
            violations.push(`${path}: ${t} must be a decimal string, got ${JSON.stringify(value)}`);
        }
    } else if (INT_TYPES.has(t)) {
        if (!Number.isInteger(value)) violations.push(`${path}: ${t} must be an integer, got ${JSON.stringify(value)}`);
    } else if (t === 'double' || t === 'float') {
        if (typeof value !== 'number' && !['NaN', 'Infinity', '-Infinity'].includes(value)) {
            violations.push(`${path}: ${t} must be a number, got ${JSON.stringify(value)}`);
        }
    } else if (t === 'bool') {
        if (typeof value !== 'boolean') violations.push(`${path}: bool must be true/false, got ${JSON.stringify(value)}`);
    } else if (t === 'string') {
        if (typeof value !== 'string') violations.push(`${path}: string expected, got ${JSON.stringify(value)}`);
    }
}

async function main() {
    const port = Number(process.argv[2] || 0);
    // mockotlpserver's own log lines go to stderr, so stdout carries only our JSON lines.
    const stderr = new Writable({write(chunk, _enc, cb) { process.stderr.write(chunk); cb(); }});
    const log = luggite.createLogger({name: 'mockotlpserver', level: 'warn', stream: stderr});

    let lastContentType = null;
    diagchSub(CH_OTLP_V1_REQUEST, (req) => {
        lastContentType = req.headers['content-type'];
    });
    const onData = (signal, normalize) => (data) => {
        const contentType = lastContentType;
        const violations = [];
        if (contentType === 'application/json') {
            checkMessage(data, requestTypes[signal], signal, violations);
        }
        print({kind: 'request', signal, contentType, violations, data: normalize(data)});
    };
    diagchSub(CH_OTLP_V1_TRACE, onData('traces', normalizeTrace));
    diagchSub(CH_OTLP_V1_LOGS, onData('logs', normalizeLogs));

    const server = new MockOtlpServer({log, services: ['http'], httpHostname: '127.0.0.1', httpPort: port});
    await server.start();
    print({kind: 'listening', url: server.httpUrl.toString().replace(/\/$/, '')});

    const stop = async () => {
        await server.close().catch(() => {});
        process.exit(0);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    // The test closes our stdin when it is done: exit then, even if the parent could not signal us.
    process.stdin.on('end', stop);
    process.stdin.resume();
}

main().catch((err) => {
    process.stderr.write(`otlp-receiver: ${err && err.stack || err}\n`);
    process.exit(1);
});
