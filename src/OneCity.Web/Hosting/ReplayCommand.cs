using System.Globalization;
using OneCity.Platform.Organisation;
using OneCity.Sensing.Replay;

namespace OneCity.Web.Hosting;

/// <summary>
/// <c>dotnet run --project src/OneCity.Web -- replay [--speed N|max] [--step MINUTES] [--keep-running]</c>: runs the
/// typhoon In-Fa replay on an exercise instance and prints its report. Without <c>--Storage:DataDirectory</c> it uses
/// a fresh exercise city in <c>data-exercise/</c> (deleted and re-created each time), so the demo city's clock is not
/// moved. The platform stays reachable while the replay runs (the operations centre shows it live); with
/// <c>--keep-running</c> it stays up after the report.
/// </summary>
internal sealed record ReplayCommand(double Speed, int StepMinutes, bool KeepRunning)
{
    public const string Verb = "replay";
    public const string DefaultDirectory = "data-exercise";

    /// <summary>Takes the command's own options out of <paramref name="args"/>; null when the verb is absent.</summary>
    public static ReplayCommand? Parse(ref string[] args)
    {
        if (args.Length == 0 || args[0] != Verb)
        {
            return null;
        }

        var rest = new List<string>();
        double speed = 3600;
        var step = 10;
        var keep = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--speed" when i + 1 < args.Length:
                    var s = args[++i];
                    speed = s == "max" ? 0 : double.Parse(s, CultureInfo.InvariantCulture);
                    break;
                case "--step" when i + 1 < args.Length:
                    step = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--keep-running":
                    keep = true;
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        args = [.. rest];
        return new ReplayCommand(speed, step, keep);
    }

    /// <summary>Exercise clock on; a fresh exercise data directory unless one was given.</summary>
    public void Configure(ConfigurationManager configuration)
    {
        configuration["Exercise:Enabled"] = "true";
        if (string.IsNullOrEmpty(configuration["Storage:DataDirectory"]) && configuration["Database:Provider"] is null or "Sqlite")
        {
            var dir = Path.GetFullPath(DefaultDirectory);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            configuration["Storage:DataDirectory"] = dir;
        }
    }

    public async Task<int> RunAsync(WebApplication app)
    {
        var runner = app.Services.GetRequiredService<ReplayRunner>();
        var started = await runner.StartAsync(CurrentUser.System, new ReplayInput(StepMinutes, Speed), app.Lifetime.ApplicationStopping);
        if (started.Value is not { } run)
        {
            await Console.Error.WriteLineAsync("The replay did not start: " + started.Describe());
            return 2;
        }

        Console.WriteLine($"  Replay {run.Id}: typhoon In-Fa {run.ScenarioFrom:yyyy-MM-dd HH:mm} → {run.ScenarioTo:yyyy-MM-dd HH:mm} UTC, {StepMinutes}-minute steps, "
            + (Speed <= 0 ? "as fast as possible" : $"{Speed}× real time") + ". Follow it on the operations centre (/ops/replay).");
        var task = runner.Current!;
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10)));
            if (runner.Progress is { } p)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {p.ScenarioAt:yyyy-MM-dd HH:mm}Z {p.Percent,5:0.0}%  centre {p.DistanceKm ?? 0,4:0} km  warning {p.Warning ?? "-",-8} level {p.PlanLevel ?? "-",-3} alarms {p.Alarms,4}  incidents {p.Incidents,4}  tasks {p.TasksDone}/{p.Tasks}"));
            }
        }

        var result = await runner.FindAsync(run.Id, CancellationToken.None);
        if (result?.Report is not { } report)
        {
            await Console.Error.WriteLineAsync($"The replay ended {result?.Status}: {result?.Error}");
            return 1;
        }

        var markdown = report.ToMarkdown();
        var file = Path.Combine(app.Configuration["Storage:DataDirectory"] ?? "data", $"replay-{run.Id}.md");
        await File.WriteAllTextAsync(file, markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"  Report saved to {file}");
        return 0;
    }
}
