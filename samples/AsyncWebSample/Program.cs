using AsyncWebSample;
using AsyncWebSample.Inventory;
using AsyncWebSample.Reports;

// A small orders service written the way most ASP.NET Core services are: controllers and minimal APIs, scoped
// services awaiting each other, a typed HttpClient, an async iterator. Bind it to loopback only:
//   dotnet AsyncWebSample.dll --urls http://127.0.0.1:5090
// Endpoints: GET /orders/{id} (controller; calls GET /inventory/{sku} on this same server through HttpClient),
// POST /orders/{id}/cancel (controller; the service throws after an await for a shipped order, the action catches
// it and answers 409 Conflict), GET /inventory/{sku} (minimal API, ValueTask), GET /reports/daily (minimal API,
// async iterator consumed with await foreach, and a sync iterator).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddControllers();
builder.Services.AddSampleServices(builder.Configuration);

var app = builder.Build();
app.MapGet("/", () => "AsyncWebSample");
app.MapControllers();
app.MapInventoryEndpoints();
app.MapReportEndpoints();
app.Run();
