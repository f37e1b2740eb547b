namespace SciTldr.Domain.Enrichment;

/// <summary>
/// The curated lexicon behind <see cref="ResearchAreas"/>, version <see cref="ResearchAreas.LexiconVersion"/>.
/// </summary>
/// <remarks>
/// Written from knowledge of the field, not fitted to the bundled SciTLDR splits. There is no
/// stemmer, so plurals and spelling variants are listed as terms of their own. A bare word that is
/// ambiguous across areas ("adversarial": GANs or attacks) appears only inside multi-word terms.
/// Any change here is a new <see cref="ResearchAreas.LexiconVersion"/>.
/// </remarks>
internal static class ResearchAreaLexicon
{
    public static readonly ResearchArea[] Areas =
    [
        new("reinforcement-learning", "Reinforcement Learning",
        [
            "reinforcement", "rl", "policy gradient", "policy gradients", "q-learning", "reward", "rewards",
            "markov decision process", "markov decision processes", "mdp", "mdps", "actor-critic",
            "agent", "agents", "bandit", "bandits", "off-policy", "on-policy", "value function",
            "imitation learning",
        ]),
        new("natural-language-processing", "Natural Language Processing",
        [
            "language", "languages", "nlp", "text", "translation", "sentence", "sentences", "linguistic",
            "bert", "question answering", "word embeddings", "summarization", "dialogue", "dialog",
            "parsing", "corpus", "corpora", "sentiment", "vocabulary", "seq2seq",
        ]),
        new("computer-vision", "Computer Vision",
        [
            "image", "images", "vision", "visual", "video", "videos", "pixel", "pixels",
            "object detection", "segmentation", "imagenet", "cifar-10", "cifar-100", "convolutional",
            "cnn", "cnns", "scene", "camera", "3d",
        ]),
        new("generative-models", "Generative Models",
        [
            "generative", "gan", "gans", "generative adversarial", "variational autoencoder",
            "variational autoencoders", "vae", "vaes", "autoencoder", "autoencoders", "normalizing flow",
            "normalizing flows", "density estimation", "generator", "discriminator", "diffusion",
            "likelihood-based", "latent variable model", "latent variable models",
        ]),
        new("graph-neural-networks", "Graph Neural Networks",
        [
            "graph", "graphs", "graph neural network", "graph neural networks", "gnn", "gnns",
            "graph convolutional", "gcn", "gcns", "message passing", "message-passing",
            "node classification", "link prediction", "molecular", "molecules",
        ]),
        new("optimization", "Optimization",
        [
            "optimization", "optimizer", "optimizers", "sgd", "stochastic gradient", "gradient descent",
            "convergence", "convex", "non-convex", "nonconvex", "adam", "learning rate", "learning rates",
            "momentum", "loss landscape", "second-order", "saddle", "hessian",
        ]),
        new("learning-theory", "Learning Theory",
        [
            "generalization", "generalization bound", "generalization bounds", "pac-bayes",
            "pac-bayesian", "sample complexity", "vc dimension", "rademacher", "theoretical", "theorem",
            "provably", "overparameterized", "over-parameterized", "overparameterization",
            "expressivity", "expressive power", "bounds", "regret",
        ]),
        new("adversarial-robustness", "Adversarial Robustness",
        [
            "adversarial example", "adversarial examples", "adversarial attack", "adversarial attacks",
            "adversarial perturbation", "adversarial perturbations", "adversarial training",
            "adversarial robustness", "adversarially", "robustness", "attack", "attacks", "attacker",
            "certified", "poisoning", "backdoor",
        ]),
        new("meta-learning", "Meta-Learning and Few-Shot Learning",
        [
            "meta-learning", "meta learning", "meta-learner", "meta-learned", "metalearning", "few-shot",
            "one-shot", "zero-shot", "learning to learn", "maml",
        ]),
        new("transfer-learning", "Transfer Learning and Domain Adaptation",
        [
            "transfer learning", "domain adaptation", "domain shift", "distribution shift",
            "out-of-distribution", "fine-tuning", "finetuning", "fine-tuned", "multi-task", "multitask",
            "transferability", "domain generalization",
        ]),
        new("federated-learning", "Federated and Distributed Learning",
        [
            "federated", "decentralized", "distributed training", "communication-efficient",
            "communication cost", "clients", "parallelism", "asynchronous", "workers",
        ]),
        new("privacy", "Privacy",
        [
            "privacy", "differential privacy", "differentially private", "privacy-preserving",
            "membership inference", "private",
        ]),
        new("interpretability", "Interpretability and Explainability",
        [
            "interpretability", "interpretable", "explainability", "explainable", "explanation",
            "explanations", "saliency", "attribution", "attributions", "feature attribution",
            "visualization", "probing",
        ]),
        new("representation-learning", "Representation Learning",
        [
            "representation learning", "representation", "representations", "embedding", "embeddings",
            "disentangled", "disentanglement", "latent space", "latent representation",
            "latent representations", "metric learning",
        ]),
        new("bayesian-methods", "Bayesian and Probabilistic Methods",
        [
            "bayesian", "posterior", "posteriors", "variational inference", "uncertainty",
            "gaussian process", "gaussian processes", "mcmc", "monte carlo", "probabilistic",
            "calibration", "ensembles",
        ]),
        new("speech-audio", "Speech and Audio",
        [
            "speech", "audio", "acoustic", "speaker", "speakers", "asr", "speech recognition",
            "waveform", "music", "sound", "spoken", "phoneme", "phonemes", "text-to-speech",
        ]),
        new("robotics-control", "Robotics and Control",
        [
            "robot", "robots", "robotic", "robotics", "controller", "controllers", "optimal control",
            "control tasks", "manipulation",
            "locomotion", "grasping", "navigation", "continuous control", "sim-to-real",
            "autonomous driving", "planning",
        ]),
        new("continual-learning", "Continual Learning",
        [
            "continual", "lifelong", "catastrophic forgetting", "forgetting", "incremental learning",
            "class-incremental", "task-incremental",
        ]),
        new("self-supervised-learning", "Self-, Semi- and Unsupervised Learning",
        [
            "self-supervised", "self-supervision", "unsupervised", "semi-supervised", "contrastive",
            "pretraining", "pre-training", "pre-trained", "pretrained", "pseudo-labels", "unlabeled",
            "clustering",
        ]),
        new("neural-architecture-search", "Neural Architecture Search and AutoML",
        [
            "neural architecture search", "architecture search", "nas", "automl",
            "hyperparameter optimization", "hyperparameter tuning", "search space",
            "differentiable architecture",
        ]),
        new("fairness-ethics", "Fairness and Ethics",
        [
            "fairness", "unfair", "demographic", "gender", "protected attribute",
            "protected attributes", "sensitive attribute", "sensitive attributes", "ethical", "societal",
            "equalized odds", "disparate",
        ]),
        new("compression-efficiency", "Model Compression and Efficiency",
        [
            "pruning", "pruned", "quantization", "quantized", "compression", "compressed", "distillation",
            "knowledge distillation", "sparsity", "low-rank", "binarized", "lottery ticket",
            "memory footprint", "flops", "latency", "mixed precision", "hardware", "inference speed",
        ]),
        new("time-series", "Time Series and Sequence Models",
        [
            "time series", "time-series", "forecasting", "temporal", "spatio-temporal", "spatiotemporal",
            "recurrent", "rnn", "rnns", "lstm", "lstms", "sequential data",
        ]),
        new("recommender-systems", "Recommender Systems and Retrieval",
        [
            "recommendation", "recommendations", "recommender", "collaborative filtering",
            "click-through", "retrieval", "ranking", "search engine", "user preferences",
        ]),
        new("neuroscience", "Neuroscience and Cognitive Science",
        [
            "neuroscience", "brain", "biologically plausible", "biological", "spiking", "cortex",
            "cortical", "hebbian", "cognitive", "neuroscientific",
        ]),
    ];
}
