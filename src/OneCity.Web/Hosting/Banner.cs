using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OneCity.Platform.Hosting;

namespace OneCity.Web.Hosting;

/// <summary>Prints where OneCity listens and how to sign in.</summary>
internal static class Banner
{
    public static void Print(WebApplication app, StartupReport report, TextWriter w)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? "http://127.0.0.1:8080";
        w.WriteLine();
        w.WriteLine("  OneCity 一网通办 · 一网统管 · 大数据中心 is running");
        w.WriteLine($"  Open {url}   (API reference: {url}/api-docs)");
        if (report.DemoLoaded)
        {
            w.WriteLine("  Demo accounts (demo mode only):");
            foreach (var a in report.DemoAccounts)
            {
                w.WriteLine($"    {a.UserName,-11} {a.Password}   {a.RoleZh} / {a.Role}");
            }
        }

        if (report.GeneratedAdminPassword is not null)
        {
            w.WriteLine($"  Administrator: admin / {report.GeneratedAdminPassword}   (shown once; change it after signing in)");
        }

        w.WriteLine();
    }
}
