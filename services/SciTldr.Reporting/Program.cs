using SciTldr.Contracts;
using SciTldr.Reporting;
using SciTldr.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Stages.Reporting);
builder.Services.AddReporting(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReporting();
app.Run();
