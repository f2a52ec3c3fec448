return TensorLogic.Tlc.CommandLine.Run(args, Console.Out, Console.Error);
