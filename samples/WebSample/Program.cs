using WebSample;

// Minimal API used by the end-to-end tests and the overhead harness. Bind it to loopback only:
//   dotnet WebSample.dll --urls http://127.0.0.1:5080
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSampleServices();
var app = builder.Build();
app.MapSampleEndpoints();
app.Run();
