<?php
// Legacy language file
$lang['welcome'] = 'Welcome to our help desk';
$lang['logout']  = "Log out";
$lang["error"]['not_found'] = 'The page you requested (%s) was not found.';
define('HELP_FOOTER', 'Questions? Contact us.');
$messages = array(
    'save' => 'Save changes',
    'cancel' => 'Cancel',
);
