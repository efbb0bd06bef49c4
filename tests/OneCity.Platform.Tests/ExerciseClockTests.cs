using Microsoft.Extensions.Time.Testing;
using OneCity.Platform.Hosting;

namespace OneCity.Platform.Tests;

/// <summary>The exercise clock only moves forward, and a restarted instance keeps the time it had reached.</summary>
public sealed class ExerciseClockTests
{
    [Fact]
    public void ItMovesForwardOnlyAndKeepsItsOffsetAcrossRestarts()
    {
        var dir = Path.Combine(Path.GetTempPath(), "onecity-clock-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(dir, "exercise-clock.txt");
        try
        {
            var real = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
            var clock = new ExerciseClock(real, file);
            Assert.Equal(real.GetUtcNow(), clock.GetUtcNow());

            clock.AdvanceTo(real.GetUtcNow().AddHours(5));
            Assert.Equal(TimeSpan.FromHours(5), clock.Offset);
            clock.AdvanceTo(real.GetUtcNow().AddHours(1));
            Assert.Equal(TimeSpan.FromHours(5), clock.Offset);

            real.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(new DateTimeOffset(2026, 11, 29, 13, 10, 0, TimeSpan.Zero), clock.GetUtcNow());
            Assert.Equal(real.GetTimestamp(), clock.GetTimestamp());

            var restarted = new ExerciseClock(real, file);
            Assert.Equal(TimeSpan.FromHours(5), restarted.Offset);
            Assert.Equal(TimeSpan.Zero, new ExerciseClock(real).Offset);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
