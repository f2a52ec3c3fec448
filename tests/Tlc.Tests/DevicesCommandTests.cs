using System.Text.Json;
using TensorLogic.Backends.Gpu.Devices;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// <c>tlc devices</c> on whatever machine runs the tests: gpu-cpu is always listed, and CUDA and OpenCL each
/// show either their devices or why there are none, as <see cref="GpuDevices.WhyNone"/> says here.
/// </summary>
public class DevicesCommandTests
{
    public static TheoryData<GpuBackend> Hardware => [GpuBackend.Cuda, GpuBackend.OpenCL];

    [Fact]
    public void Text_has_a_header_and_the_emulated_device()
    {
        var result = TlcRun.Invoke("devices");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^engine\s+device\s+name\s+memory\s+threads per group$", lines[0]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^gpu-cpu\s+0\s+\S.*\s+host\s+\d+$"));
    }

    [Theory]
    [MemberData(nameof(Hardware))]
    public void Text_shows_each_backends_devices_or_why_it_has_none(GpuBackend backend)
    {
        var lines = TlcRun.Invoke("devices").Stdout.Split('\n');
        var name = backend.EngineName();

        if (GpuDevices.WhyNone(backend) is { } why)
        {
            Assert.Contains($"{name}: {why}", lines);
            Assert.DoesNotContain(lines, l => l.StartsWith(name + " "));
        }
        else
        {
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^{name}\s+0\s+\S.*\s+[\d,]+ MiB\s+\d+$"));
        }
    }

    [Theory]
    [MemberData(nameof(Hardware))]
    public void Json_lines_have_one_object_per_device_or_the_reason(GpuBackend backend)
    {
        var result = TlcRun.Invoke("devices", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        var objects = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var of = objects.Where(o => o.GetProperty("engine").GetString() == backend.EngineName()).ToList();

        if (GpuDevices.WhyNone(backend) is { } why)
            Assert.Equal(why, Assert.Single(of).GetProperty("unavailable").GetString());
        else
            Assert.All(of, o => Assert.True(o.GetProperty("memory_bytes").GetInt64() > 0));
        var emulated = Assert.Single(objects, o => o.GetProperty("engine").GetString() == "gpu-cpu");
        Assert.Equal(0, emulated.GetProperty("device").GetInt32());
        Assert.Equal(JsonValueKind.Null, emulated.GetProperty("memory_bytes").ValueKind);
    }
}
