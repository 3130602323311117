package dev.hookline.camel;

import jakarta.jms.Message;

/**
 * One message of a chunk read from a queue: its text ({@code null} when it is neither a text message nor a bytes
 * message of UTF-8), why it could not be read as text when it could not ({@code null} otherwise), its broker id
 * ({@code null} when the sender disabled ids), the JMS message itself, for moving it elsewhere with its properties, and
 * the size of its body (characters of a text, bytes of a bytes message, 0 for other kinds).
 */
record QueuedMessage(String text, String unreadable, String messageId, Message jms, long size) {
}
