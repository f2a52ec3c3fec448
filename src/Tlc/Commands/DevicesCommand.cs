using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TensorLogic.Backends.Gpu.Devices;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>tlc devices</c>: the devices the GPU engines can run on, with the <c>--engine</c> and <c>--device</c>
/// that select each, and for CUDA and OpenCL when they have none, why not, so that a user whose GPU is
/// missing learns whether the driver, the loader or the device is.
/// </summary>
internal static class DevicesCommand
{
    /// <summary>The backends that can be absent; gpu-cpu is always there and gpu is one of these two.</summary>
    private static readonly GpuBackend[] Hardware = [GpuBackend.Cuda, GpuBackend.OpenCL];

    public static Command Create(CommandEnvironment environment)
    {
        var format = new Option<string>("--format") { Description = "text, or JSON Lines with one object per device", DefaultValueFactory = _ => "text", HelpName = "text|json" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("devices", "List the devices the GPU engines (--engine gpu|cuda|opencl|gpu-cpu) can run on") { format };
        command.SetAction(result =>
        {
            var devices = GpuDevices.List();
            var absent = Hardware.Select(b => (Backend: b, Why: GpuDevices.WhyNone(b))).Where(a => a.Why is not null).Select(a => (a.Backend, a.Why!)).ToList();
            environment.Stdout.Write(result.GetValue(format) == "json" ? Json(devices, absent) : Text(devices, absent));
            return ExitCodes.Success;
        });
        return command;
    }

    internal static string Text(IReadOnlyList<GpuDeviceInfo> devices, IReadOnlyList<(GpuBackend Backend, string Why)> absent)
    {
        string[] header = ["engine", "device", "name", "memory", "threads per group"];
        var rows = devices.Select(d => new[]
        {
            d.Backend.EngineName(),
            d.Index.ToString(CultureInfo.InvariantCulture),
            d.Name,
            Memory(d) is { } bytes ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20:N0} MiB") : "host",
            d.MaxThreadsPerGroup.ToString(CultureInfo.InvariantCulture),
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
            text.Append(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()).Append('\n');
        foreach (var (backend, why) in absent)
            text.Append(backend.EngineName()).Append(": ").Append(why).Append('\n');
        return text.ToString();
    }

    /// <summary>One object per device, then one per absent backend with the reason in place of the device.</summary>
    internal static string Json(IReadOnlyList<GpuDeviceInfo> devices, IReadOnlyList<(GpuBackend Backend, string Why)> absent)
    {
        var text = new StringBuilder();
        foreach (var device in devices)
        {
            text.Append(Line(json =>
            {
                json.WriteString("engine", device.Backend.EngineName());
                json.WriteNumber("device", device.Index);
                json.WriteString("name", device.Name);
                if (Memory(device) is { } bytes)
                    json.WriteNumber("memory_bytes", bytes);
                else
                    json.WriteNull("memory_bytes");
                json.WriteNumber("max_threads_per_group", device.MaxThreadsPerGroup);
                json.WriteNumber("warp_size", device.WarpSize);
            }));
        }
        foreach (var (backend, why) in absent)
        {
            text.Append(Line(json =>
            {
                json.WriteString("engine", backend.EngineName());
                json.WriteString("unavailable", why);
            }));
        }
        return text.ToString();
    }

    /// <summary>ILGPU gives the CPU accelerator long.MaxValue bytes: it uses the host's memory, which has no device figure.</summary>
    private static long? Memory(GpuDeviceInfo device) => device.Backend == GpuBackend.Cpu ? null : device.MemoryBytes;

    private static string Line(Action<Utf8JsonWriter> fields)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            fields(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
