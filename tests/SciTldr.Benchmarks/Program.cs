using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(SciTldr.Benchmarks.SampleData).Assembly).Run(args);
