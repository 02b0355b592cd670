using HttpNestSample;

// Three outgoing calls with no incoming request around them, as a console or worker app makes them: from a sync
// function, from an async function, and from a worker function on a pool thread (a trace root of its own). Each
// prints the traceparent the loopback listener received, so the tests can compare the wire with the events.
using var listener = new TraceparentListener();
using var client = new HttpClient();

// One request first: on .NET 10 the first request through a new handler builds the handler chain on a pool thread,
// so that request starts after an async hop, outside the function that made it (a documented limit).
Console.WriteLine($"warm-up traceparent={await client.GetStringAsync(listener.Url + "warm-up")}");

Console.WriteLine($"sync traceparent={Calls.FetchSync(client, listener.Url + "sync")}");
Console.WriteLine($"async traceparent={await Calls.FetchAsync(client, listener.Url + "async")}");
Console.WriteLine($"worker traceparent={await Task.Run(() => Calls.FetchFromWorker(client, listener.Url + "worker"))}");
