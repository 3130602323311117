package dev.hookline.camel;

import jakarta.jms.Message;

/**
 * One message of a chunk read from a queue: its text ({@code null} when it is neither a text nor a bytes message),
 * its broker id ({@code null} when the sender disabled ids), and the JMS message itself, for moving it elsewhere
 * with its properties.
 */
record QueuedMessage(String text, String messageId, Message jms) {
}
