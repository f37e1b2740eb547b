using SciTldr.Contracts;
using SciTldr.ServiceDefaults;
using SciTldr.Transformation;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Stages.Transformation);
builder.Services.AddTransformation(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
