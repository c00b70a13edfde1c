<?php
/**
 * Help center strings (English).
 */

return [
    // Page titles
    'title' => 'Help Center',
    'search' => [
        'placeholder' => 'Search the help center…',
        'no_results' => "No results for \"%s\".",
        'count' => ':count articles found',
    ],
    'greeting' => 'Hello, :name! It\'s good to see you.',
    "contact" => "Write to support@example.com\nor call us.",
    'price' => 'Plans start at $5 per month',
    'raw_dollar' => "Costs \$5 and {$unused} nothing",
];
