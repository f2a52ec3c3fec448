namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>A relation operation's result is larger than a device sort or relation holds (about 2³¹ tuples).</summary>
public sealed class DeviceCapacityException(string message) : InvalidOperationException(message);
