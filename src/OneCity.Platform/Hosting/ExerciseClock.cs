using System.Globalization;

namespace OneCity.Platform.Hosting;

/// <summary>
/// The platform clock of an instance that may run exercises (演练), such as the typhoon replay: real time plus an offset
/// that only ever grows. A replay moves it forward step by step, so every deadline, escalation, forecast and report in
/// every module sees the scenario's time passing at accelerated speed. The offset is kept in
/// <c>{Storage:DataDirectory}/exercise-clock.txt</c>, so a restarted instance never sees its clock run backwards
/// behind what it has already recorded.
/// <para>It is the platform's <see cref="TimeProvider"/> when <c>Exercise:Enabled</c> is true (the default when the
/// demo city is loaded, false with <c>--no-demo</c>). Sign-in sessions keep using <see cref="Inner"/>, real time, so
/// a jump does not sign everyone out.</para>
/// </summary>
public sealed class ExerciseClock : TimeProvider
{
    private readonly string? offsetFile;
    private readonly Lock gate = new();
    private long offsetTicks;

    public ExerciseClock(TimeProvider inner, string? offsetFile = null)
    {
        Inner = inner;
        this.offsetFile = offsetFile;
        if (offsetFile is not null && File.Exists(offsetFile)
            && long.TryParse(File.ReadAllText(offsetFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks) && ticks > 0)
        {
            offsetTicks = ticks;
        }
    }

    /// <summary>The clock underneath (real time in production, a test's fake clock in tests).</summary>
    public TimeProvider Inner { get; }

    /// <summary>How far ahead of <see cref="Inner"/> the platform's time is.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow().AddTicks(Interlocked.Read(ref offsetTicks));

    public override long GetTimestamp() => Inner.GetTimestamp();

    public override long TimestampFrequency => Inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>Moves the platform's time forward to <paramref name="target"/>; a target in the past changes nothing.</summary>
    public void AdvanceTo(DateTimeOffset target)
    {
        lock (gate)
        {
            var by = target - GetUtcNow();
            if (by <= TimeSpan.Zero)
            {
                return;
            }

            var ticks = Interlocked.Add(ref offsetTicks, by.Ticks);
            if (offsetFile is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(offsetFile)!);
                var temp = offsetFile + ".tmp";
                File.WriteAllText(temp, ticks.ToString(CultureInfo.InvariantCulture));
                File.Move(temp, offsetFile, overwrite: true);
            }
        }
    }
}
