using SciTldr.Contracts;
using SciTldr.Quality;
using SciTldr.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(Stages.Quality);
builder.Services.AddQuality(builder.Configuration);

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
