return TensorLogic.Tlc.CommandLine.Run(args);
