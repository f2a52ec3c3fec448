using TensorLogic.Backends.Gpu.Devices;
using TensorLogic.Backends.Gpu.Memory;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// The diagnostics of a GPU engine's device: absent (TL4003) or full (TL4004). Neither has a place in the
/// program, so both print as <c>tlc: error TL400n: ...</c>.
/// </summary>
internal static class DeviceErrors
{
    /// <summary>The exception's message already names what was looked for (a driver library, an OpenCL 2.0 platform, a device number).</summary>
    public static Diagnostic Unavailable(GpuUnavailableException e) =>
        new(Catalog.DeviceUnavailable, null, e.Message,
            "'tlc devices' lists the devices this machine has and why the others are missing; --engine cpu runs anywhere", []);

    /// <summary>
    /// Said in tlc's own words, with the size in readable units, and what the user can do about it.
    /// </summary>
    public static Diagnostic OutOfMemory(DeviceMemoryException e) =>
        new(Catalog.DeviceMemoryExhausted, null, $"out of device memory: tensor '{e.Purpose}' needs {Size(e.Bytes)}, which the device no longer has free",
            "'tlc devices' shows each device's memory; use a larger one (--device N), declare smaller domains, or run with --engine cpu", []);

    internal static string Size(long bytes) => Runtime.Resources.ByteSize.Format(bytes);
}
