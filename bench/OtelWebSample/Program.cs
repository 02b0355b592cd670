using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WebSample;

// The same app as samples/WebSample, traced by the OpenTelemetry SDK: ASP.NET Core and HttpClient
// instrumentation with the OTLP exporter (its endpoint comes from OTEL_EXPORTER_OTLP_ENDPOINT; the harness
// points it at a loopback sink).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSampleServices();
builder.Services.AddOpenTelemetry()
    .ConfigureResource(resource => resource.AddService("OtelWebSample"))
    .WithTracing(tracing => tracing
        .AddAspNetCoreInstrumentation()
        .AddHttpClientInstrumentation()
        .AddOtlpExporter());
var app = builder.Build();
app.MapSampleEndpoints();
app.Run();
