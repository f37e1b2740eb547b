using SciTldr.Contracts;
using SciTldr.Ingestion;
using SciTldr.Ingestion.Api;
using SciTldr.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Stages.Ingestion);
builder.Services.AddIngestion(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRunsApi();
app.Run();
