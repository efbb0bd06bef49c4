using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using OneCity.Web.Tests.Infrastructure;

namespace OneCity.Web.Tests.Hosting;

/// <summary>
/// The README's first command as a user runs it: the real OneCity.Web executable in its own process, on an empty data
/// directory, with <c>--urls</c> and <c>--no-demo</c>. It must print where it listens and the administrator's generated
/// password once, create the SQLite database in WAL mode, and accept that password.
/// </summary>
public sealed partial class FirstRunTests
{
    [Fact]
    public async Task TheHostStartsAnEmptyCityAndPrintsTheAdministratorsPasswordOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(Path.GetTempPath(), "onecity-firstrun", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var port = Ports.Free();
        var url = $"http://127.0.0.1:{port}";
        var banner = await RunUntilBannerAsync(data, url, ct);
        try
        {
            Assert.Contains($"Open {url}", banner.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Demo accounts", banner.Output, StringComparison.Ordinal);
            var password = AdminLine().Match(banner.Output).Groups[1].Value;
            Assert.NotEmpty(password);

            using var http = new HttpClient { BaseAddress = new Uri(url) };
            var login = await http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password }, ct);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/auth/login", new { username = "citizen", password = "OneCity-demo-1" }, ct)).StatusCode);
        }
        finally
        {
            await StopAsync(banner.Process);
        }

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "onecity.db")};Pooling=False"))
        {
            await connection.OpenAsync(ct);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", (string?)await pragma.ExecuteScalarAsync(ct));
        }

        // A restart on the same data directory keeps the administrator and prints no password again.
        var again = await RunUntilBannerAsync(data, url, ct);
        await StopAsync(again.Process);
        Assert.DoesNotMatch(AdminLine(), again.Output);
    }

    private sealed record Started(Process Process, string Output);

    private static async Task<Started> RunUntilBannerAsync(string data, string url, CancellationToken ct)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "OneCity.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = data,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--no-demo", "--urls", url, $"--Storage:DataDirectory={data}", "--Sensing:Mqtt:Enabled=false", "--Logging:LogLevel:Default=Warning" })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
                if (e.Data?.Contains("API reference", StringComparison.Ordinal) == true)
                {
                    // The banner's remaining lines follow at once; give them a moment.
                    _ = Task.Delay(500, CancellationToken.None).ContinueWith(_ => ready.TrySetResult(), TaskScheduler.Default);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync(ct);
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromMinutes(4), ct));
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        if (first != ready.Task)
        {
            await StopAsync(process);
            Assert.Fail("OneCity.Web did not print its banner:\n" + text);
        }

        return new Started(process, text);
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(CancellationToken.None);
        process.Dispose();
    }


    [GeneratedRegex(@"Administrator: admin / (\S+)")]
    private static partial Regex AdminLine();
}
