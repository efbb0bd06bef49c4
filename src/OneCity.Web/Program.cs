using Microsoft.AspNetCore.DataProtection;
using OneCity.CityOps;
using OneCity.DataHub;
using OneCity.GovServices;
using OneCity.Platform.Data;
using OneCity.Platform.Hosting;
using OneCity.Web.Hosting;
using Scalar.AspNetCore;

var noDemo = args.Contains("--no-demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--no-demo").ToArray());
if (noDemo)
{
    builder.Configuration["Demo:Enabled"] = "false";
}

if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:8080");
}

var paths = new PlatformPaths(builder.Configuration);
builder.Services.AddDataProtection()
    .SetApplicationName("OneCity")
    .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(paths.KeysDirectory, "data-protection")));

builder.Services.AddPlatform(builder.Configuration);
builder.Services.AddGovServices(builder.Configuration);
builder.Services.AddCityOps(builder.Configuration);
builder.Services.AddDataHub(builder.Configuration);

builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
builder.Services.AddRazorPages(o =>
    {
        o.Conventions.AuthorizeFolder("/Portal");
        o.Conventions.AuthorizeFolder("/Workbench", OneCity.Platform.Organisation.Policies.Staff);
        o.Conventions.AuthorizeFolder("/Ops", OneCity.Platform.Organisation.Policies.OperationsCentre);
    })
    .AddViewLocalization()
    .AddDataAnnotationsLocalization();
builder.Services.AddHealthChecks().AddDbContextCheck<PlatformDbContext>("database", tags: ["ready"]);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestLocalization(Localisation.Options());
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapRazorPages();
app.MapCultureSwitch();
app.MapPlatformApi();
app.MapGovServicesApi();
app.MapCityOpsApi();
app.MapDataHubApi();
app.MapOpenApi();
app.MapScalarApiReference("/api-docs", o => o.WithTitle("OneCity API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });

var loadDemo = app.Configuration.GetValue("Demo:Enabled", true);
StartupReport report;
using (var scope = app.Services.CreateScope())
{
    report = await scope.ServiceProvider.GetRequiredService<PlatformStartup>().RunAsync(loadDemo);
}

app.Lifetime.ApplicationStarted.Register(() => Banner.Print(app, report));
await app.RunAsync();

/// <summary>Exposed for WebApplicationFactory in tests.</summary>
public partial class Program;
