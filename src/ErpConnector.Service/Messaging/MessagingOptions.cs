using System.ComponentModel.DataAnnotations;

namespace ErpConnector.Service.Messaging;

/// <summary>Bound from "Messaging". Without a RabbitMQ URI the service runs on MassTransit's in-memory
/// transport, which is what `make run` uses on a machine with nothing installed.</summary>
public sealed class MessagingOptions : IValidatableObject
{
    public const string SectionName = "Messaging";

    /// <summary>amqp://user:pass@host:5672/vhost. The RABBITMQ_URI environment variable overrides it.</summary>
    public string? RabbitMqUri { get; set; }

    /// <summary>Queue the connector reads deal.won from. Several instances share it (competing consumers).</summary>
    [Required]
    public string DealWonQueue { get; set; } = "erp-connector.deal-won";

    /// <summary>Only for tests: drop what an earlier run left in the queue.</summary>
    public bool PurgeOnStartup { get; set; }

    [Range(1, 1024)]
    public int ConcurrentMessageLimit { get; set; } = 32;

    [Range(1, 4096)]
    public int PrefetchCount { get; set; } = 64;

    /// <summary>A deal.won body larger than this is rejected unprocessed (a real deal is a few KB; a
    /// megabyte means a bug or an attack upstream, and must not reach Omie or the NFS-e).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxDealMessageBytes { get; set; } = 256 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!string.IsNullOrWhiteSpace(RabbitMqUri)
            && (!Uri.TryCreate(RabbitMqUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps" or "rabbitmq")))
            yield return new($"{SectionName}:RabbitMqUri (or RABBITMQ_URI) must look like amqp://user:password@host:5672/ .", [nameof(RabbitMqUri)]);
    }
}
