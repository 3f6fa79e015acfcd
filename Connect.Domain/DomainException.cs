namespace Connect.Domain;

/// <summary>A business rule was broken. The message is written for the person who can fix it.</summary>
public sealed class DomainException(string message) : Exception(message);
