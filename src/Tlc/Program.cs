return TensorLogic.Tlc.Commands.CommandLine.Run(args, Console.Out, Console.Error);
