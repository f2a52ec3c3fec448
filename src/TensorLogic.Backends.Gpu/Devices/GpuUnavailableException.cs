namespace TensorLogic.Backends.Gpu.Devices;

/// <summary>
/// The asked-for accelerator is not on this machine; the message names what was looked for (the driver
/// library, an OpenCL 2.0 device, a device number) so that the user can act on it.
/// </summary>
public sealed class GpuUnavailableException(string message) : Exception(message);
