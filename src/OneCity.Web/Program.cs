using Microsoft.AspNetCore.DataProtection;
using OneCity.CityOps;
using OneCity.DataHub;
using OneCity.GovServices;
using OneCity.Sensing;
using OneCity.Platform.Data;
using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;
using OneCity.Web.Hosting;
using OneCity.Web.Verification;
using Scalar.AspNetCore;

var replay = ReplayCommand.Parse(ref args);
var noDemo = args.Contains("--no-demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--no-demo").ToArray());
if (noDemo)
{
    builder.Configuration["Demo:Enabled"] = "false";
}

replay?.Configure(builder.Configuration);

if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:8080");
}

builder.AddOneCityLogging();

var paths = new PlatformPaths(builder.Configuration);
builder.Services.AddDataProtection()
    .SetApplicationName("OneCity")
    .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(paths.KeysDirectory, "data-protection")));

builder.Services.AddPlatform(builder.Configuration);
builder.Services.AddGovServices(builder.Configuration);
builder.Services.AddCityOps(builder.Configuration);
builder.Services.AddDataHub(builder.Configuration);
builder.Services.AddSensing(builder.Configuration);

builder.Services.AddProblemDetails();
// Binding failures throw, so the error handler can answer them with a ProblemDetails that names the parameter.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddOneCityOpenApi();
builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
builder.Services.AddRazorPages(o =>
    {
        // Hosting/Capabilities.MayEnter mirrors these, so the navigation shows only what opens.
        o.Conventions.AuthorizeFolder("/Portal", Policies.Citizen);
        o.Conventions.AuthorizeFolder("/Workbench", Policies.Staff);
        o.Conventions.AuthorizeFolder("/Workbench/Admin", Policies.UserAdministrator);
        o.Conventions.AuthorizeFolder("/Ops", Policies.OperationsCentre);
        o.Conventions.AuthorizePage("/Account/Security", Policies.Authenticated);
    })
    .AddViewLocalization()
    .AddDataAnnotationsLocalization();
builder.Services.AddScoped<LicenceVerifier>();
builder.Services.AddHealthChecks().AddDbContextCheck<PlatformDbContext>("database", tags: ["ready"]);

var app = builder.Build();

app.UseOneCityRequestLogging();
app.UseOneCityErrors();
app.UseRequestLocalization(Localisation.Options());
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapRazorPages();
app.MapCultureSwitch();
app.MapLicenceVerification();
app.MapPlatformApi();
app.MapGovServicesApi();
app.MapCityOpsApi();
app.MapDataHubApi();
app.MapSensingApi();
app.MapOpenApi();
app.MapScalarApiReference("/api-docs", o => o
    .WithTitle("OneCity API")
    .WithOpenApiRoutePattern("/openapi/{documentName}.json")
    .AddPreferredSecuritySchemes(OpenApiSetup.BearerScheme));
app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });

var loadDemo = app.Configuration.GetValue("Demo:Enabled", true);
StartupReport report;
using (var scope = app.Services.CreateScope())
{
    report = await scope.ServiceProvider.GetRequiredService<PlatformStartup>().RunAsync(loadDemo);
}

// With JSON logs the banner goes to stderr, so that stdout stays one JSON object per line.
var bannerOut = LoggingSetup.Json(app.Configuration) ? Console.Error : Console.Out;
app.Lifetime.ApplicationStarted.Register(() => Banner.Print(app, report, bannerOut));
if (replay is not null)
{
    await app.StartAsync();
    var exit = await replay.RunAsync(app);
    if (!replay.KeepRunning || exit != 0)
    {
        await app.StopAsync();
        return exit;
    }
}

await app.RunAsync();
return 0;

/// <summary>Exposed for WebApplicationFactory in tests.</summary>
public partial class Program;
